import "server-only";
/**
 * The one mapping from a thrown value to an HTTP response, for every route handler (through lib/auth/guards.ts'
 * withUser/withAdmin/withActor, or directly):
 * - AppError → its status with `{ error, message, fields?, retryAfterSeconds? }`, and Retry-After when it carries
 *   retryAfterSeconds (UNAVAILABLE, RATE_LIMITED);
 * - the database cannot be reached → 503 UNAVAILABLE with Retry-After (and the page gate is told);
 * - anything else is our fault → 500 `{ error: "INTERNAL" }`, logged once with the request id, never with details.
 *
 * @example
 *   try { … } catch (error) { return errorResponse(error); }
 */
import { AppError, isAppError } from "@/lib/errors";
import { noteDatabaseError } from "@/lib/db/availability";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { requestLogger } from "@/lib/observability/http";

export const DATABASE_UNAVAILABLE_MESSAGE = "The service is temporarily unavailable; please retry in a few seconds.";

/**
 * The AppError a thrown value stands for: itself, UNAVAILABLE for "the database cannot be reached" (the page gate
 * is told), or null when it is our own failure.
 */
export function knownError(error: unknown, unavailableMessage = DATABASE_UNAVAILABLE_MESSAGE): AppError | null {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error)) {
    noteDatabaseError(error);
    return new AppError("UNAVAILABLE", unavailableMessage, undefined, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS, cause: error });
  }
  return null;
}

export function errorResponse(error: unknown): Response {
  const known = knownError(error);
  if (!known) {
    requestLogger().error({ event: "http.internal_error", err: error }, "route handler failed");
    return Response.json({ error: "INTERNAL", message: "Something went wrong on our side." }, { status: 500 });
  }
  if (known.code === "UNAVAILABLE") {
    const reason = (known as { reason?: unknown }).reason;
    requestLogger().warn({ event: "http.unavailable", message: known.message, ...(typeof reason === "string" ? { reason: reason.slice(0, 300) } : {}) }, "503: cannot do this right now");
  }
  const headers = known.retryAfterSeconds !== undefined ? { "retry-after": String(known.retryAfterSeconds) } : undefined;
  return Response.json(known.toJSON(), { status: known.status, headers });
}
