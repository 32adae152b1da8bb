/**
 * Error responses of the submission routes: the data layer's AppError as JSON (`{ error, message, fields? }`),
 * with INVALID_INPUT as 422 (the request was well-formed JSON but not a valid submission) and a Retry-After on 429.
 * No grader that can grade the submission's language (live workers whose self-test failed) is 503 with Retry-After and
 * `{ error: "GRADER_UNAVAILABLE", message, retryAfterSeconds }` (docs/adr/1103). A database that cannot be reached is 503 with Retry-After. Anything else is our fault: 500 with no details (logged once here, with the request id). Same body shape as lib/auth/guards.ts.
 */
import { isAppError } from "@/lib/errors";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { GraderUnavailableError, RATE_LIMIT_WINDOW_SECONDS } from "@/lib/use-cases/submissions/create-submission";
import { requestLogger } from "@/lib/observability/http";

export function submissionErrorResponse(error: unknown): Response {
  if (isAppError(error) && error.code === "INVALID_INPUT") {
    return Response.json(error.toJSON(), { status: 422 });
  }
  if (isAppError(error) && error.code === "RATE_LIMITED") {
    return Response.json(error.toJSON(), { status: 429, headers: { "retry-after": String(RATE_LIMIT_WINDOW_SECONDS) } });
  }
  if (isAppError(error)) return Response.json(error.toJSON(), { status: error.status });
  if (error instanceof GraderUnavailableError) {
    requestLogger("submissions-api").warn(
      { event: "submissions.grader_unavailable", language: error.language, reason: error.reason.slice(0, 300) },
      "no live grader can grade this language: 503",
    );
    return Response.json(error.toJSON(), { status: 503, headers: { "retry-after": String(error.retryAfterSeconds) } });
  }
  if (isDatabaseUnavailable(error)) {
    requestLogger("submissions-api").warn({ event: "submissions.database_unavailable" }, "database unreachable: 503");
    return databaseUnavailableResponse();
  }
  requestLogger("submissions-api").error({ event: "submissions.internal_error", err: error }, "submission route failed");
  return Response.json({ error: "INTERNAL", message: "Something went wrong on our side." }, { status: 500 });
}

/** The request body as JSON, or a 422-shaped INVALID_INPUT when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const { AppError } = await import("@/lib/errors");
  try {
    return await request.json();
  } catch {
    throw new AppError("INVALID_INPUT", "The request body must be JSON.", { "(root)": ["must be a JSON object"] });
  }
}
