/**
 * What an admin server action returns to the browser: the value, or an error the UI can show (code, message,
 * field errors). Errors we cause are logged and shown as a generic message, never with details.
 *
 * @example
 *   return toActionResult(() => saveQuestion({ actor, input, expectedVersion }));
 */
import { isAppError, type AppErrorCode, type FieldErrors } from "@/lib/errors";
import { databaseUnavailableAnswer } from "@/lib/db/availability";

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorCode | "UNAVAILABLE" | "INTERNAL"; message: string; fields?: FieldErrors };

export async function toActionResult<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) };
    // The admin area's messages are English, like the generic one below.
    const unavailable = databaseUnavailableAnswer(error, "en");
    if (unavailable) return unavailable;
    if (error instanceof Error && error.name === "SandboxUnavailableError") {
      return { ok: false, error: "INTERNAL", message: "The grader's sandbox (bubblewrap) is not available on this server, so reference solutions cannot be run." };
    }
    console.error("[clockwise] admin action failed", error);
    return { ok: false, error: "INTERNAL", message: "Something went wrong on our side." };
  }
}
