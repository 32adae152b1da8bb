/**
 * Reading the submission routes' JSON body. Errors are answered by lib/web/error-response.ts like every route's:
 * INVALID_INPUT 422 with field messages, RATE_LIMITED 429 and UNAVAILABLE 503 (no grader for the language, ADR 1103,
 * or no database) with Retry-After, anything else 500 with no details.
 */
import { AppError } from "@/lib/errors";

/** The request body as JSON, or INVALID_INPUT (422) when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AppError("INVALID_INPUT", "The request body must be JSON.", { "(root)": ["must be a JSON object"] });
  }
}
