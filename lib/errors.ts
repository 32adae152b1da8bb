/**
 * The one error type for things a caller can cause, or that the service cannot do right now. Use cases throw it;
 * the web tier turns it into an HTTP response (lib/web/error-response.ts) or a server-action result
 * (lib/web/action-result.ts) — nowhere else. Anything that is not an AppError is our fault: 500, logged, never shown.
 *
 * INVALID_INPUT is 422 everywhere (the request was readable but its content is not valid; ADR 0002).
 * UNAVAILABLE (503) carries `retryAfterSeconds`, which becomes the Retry-After header.
 *
 * @example
 *   throw new AppError("FORBIDDEN", "only admins can edit questions");
 *   throw new AppError("UNAVAILABLE", "The database is restarting.", undefined, { retryAfterSeconds: 5 });
 */
export const APP_ERROR_STATUS = {
  INVALID_INPUT: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

/** Field-level messages for INVALID_INPUT, e.g. { "content.en.title": ["Required"] }. */
export type FieldErrors = Record<string, string[]>;

/** What may be sent to a browser: code, message, field errors, retry hint; never a stack. */
export interface AppErrorBody {
  error: string;
  message: string;
  fields?: FieldErrors;
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: FieldErrors;
  /** For UNAVAILABLE and RATE_LIMITED: when a client should try again. */
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, fields?: FieldErrors, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }

  toJSON(): AppErrorBody {
    return {
      error: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** HTTP status for any thrown value: the AppError's own, else 500. */
export function httpStatusOf(error: unknown): number {
  return isAppError(error) ? error.status : 500;
}

/** Turn a zod error's issues into FieldErrors (path joined with dots). */
export function fieldErrorsFromIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "(root)";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
