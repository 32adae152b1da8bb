/**
 * The one error type the data layer throws for things a caller can cause. Route handlers and server actions map
 * it to an HTTP status with `httpStatusOf`; anything else is our fault (500, logged, never shown).
 *
 * @example
 *   throw new AppError("FORBIDDEN", "only admins can edit questions");
 *   // in a route handler: return Response.json({ error: e.code, message: e.message }, { status: httpStatusOf(e) })
 */
export const APP_ERROR_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

/** Field-level messages for INVALID_INPUT, e.g. { "content.en.title": ["Required"] }. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: FieldErrors;

  constructor(code: AppErrorCode, message: string, fields?: FieldErrors) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }

  /** What may be sent to a browser: code, message, field errors; never a stack. */
  toJSON(): { error: AppErrorCode; message: string; fields?: FieldErrors } {
    return { error: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
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
