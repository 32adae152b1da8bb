import "server-only";
/**
 * The one mapping from a thrown value to what a server action returns to the browser (the server-action twin of
 * lib/web/error-response.ts): `{ ok: false, error, message, fields?, retryAfterSeconds? }` for an AppError or an
 * unreachable database (UNAVAILABLE, in the visitor's language), and `{ ok: false, error: "INTERNAL" }` with a
 * generic message for anything else (logged once, never shown).
 *
 * @example
 *   catch (error) { return actionError(error, { locale, action: "rateRecall", messages: { NOT_FOUND: t("question.notFound") } }); }
 *   return toActionResult(() => saveQuestion({ actor, input }), { action: "saveQuestion" });
 */
import type { Locale } from "@/lib/bank/schema";
import type { AppErrorCode, FieldErrors } from "@/lib/errors";
import { translate } from "@/lib/i18n/messages";
import { rateLimitedMessage } from "@/lib/i18n/limit-messages";
import { childLogger } from "@/lib/observability/log";
import { databaseUnavailableMessage } from "./unavailable-page";
import { knownError } from "./error-response";

export type ActionFailure = { ok: false; error: AppErrorCode | "INTERNAL"; message: string; fields?: FieldErrors; retryAfterSeconds?: number };
export type ActionResult<T> = { ok: true; value: T } | ActionFailure;

export interface ActionErrorOptions {
  /** The visitor's language for the messages we write (UNAVAILABLE, INTERNAL); English by default (the admin area). */
  locale?: Locale;
  /** Names the action in the log line of an internal error. */
  action?: string;
  /** Messages to show instead of the AppError's own, per code (e.g. a translated NOT_FOUND). */
  messages?: Partial<Record<AppErrorCode, string>>;
}

const log = () => childLogger({ component: "server-action" });

export function actionError(error: unknown, { locale = "en", action, messages = {} }: ActionErrorOptions = {}): ActionFailure {
  const known = knownError(error, databaseUnavailableMessage(locale));
  if (!known) {
    log().error({ event: "action.internal_error", action, err: error }, "server action failed");
    return { ok: false, error: "INTERNAL", message: locale === "en" ? "Something went wrong on our side." : translate(locale, "error.title") };
  }
  if (known.code === "UNAVAILABLE") log().warn({ event: "action.unavailable", action, message: known.message }, "server action: cannot do this right now");
  return {
    ok: false,
    error: known.code,
    message: messages[known.code] ?? (known.code === "RATE_LIMITED" ? rateLimitedMessage(locale, known.retryAfterSeconds) : known.message),
    ...(known.fields ? { fields: known.fields } : {}),
    ...(known.retryAfterSeconds !== undefined ? { retryAfterSeconds: known.retryAfterSeconds } : {}),
  };
}

/** Runs `work` and wraps its value, or maps what it throws with actionError. */
export async function toActionResult<T>(work: () => Promise<T>, options: ActionErrorOptions = {}): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return actionError(error, options);
  }
}
