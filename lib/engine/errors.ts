/**
 * Every failure the engine reports is an EngineError with a stable code, so callers (the grader's
 * pipe to a submission, the web app) can map it to a user-facing message without parsing text.
 */
export type EngineErrorCode =
  /** No model of that name is loaded. */
  | "UNKNOWN_MODEL"
  /** The request is malformed: wrong names, shapes, types or values. The caller's fault. */
  | "INVALID_INPUT"
  /** The request is well-formed but exceeds a configured limit (text length, batch, elements). */
  | "TOO_LARGE"
  /** The model does not offer this operation (e.g. `classify` on an encoder without a head). */
  | "UNSUPPORTED"
  /** A model's files do not match the manifest, or point outside the model's folder. */
  | "MODEL_INTEGRITY"
  /** A model's files are present but unusable (bad JSON, missing file, ONNX load failure). */
  | "MODEL_LOAD"
  /** The engine was closed. */
  | "CLOSED"
  /** ONNX Runtime failed on input the engine had accepted: our fault, not the caller's. */
  | "INTERNAL";

/**
 * @example
 * throw new EngineError("UNKNOWN_MODEL", 'unknown model "gpt"; loaded: word2vec, bert, bert-cls');
 */
export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EngineError";
    this.code = code;
  }
}

/** True for errors the caller caused (bad request), false for errors of the engine or its models. */
export function isCallerError(error: unknown): boolean {
  return error instanceof EngineError && ["UNKNOWN_MODEL", "INVALID_INPUT", "TOO_LARGE", "UNSUPPORTED"].includes(error.code);
}

/**
 * A short, never-throwing rendering of an offending value for an error message (untrusted: it may be
 * huge, cyclic or a bigint).
 *
 * @example describeValue("x".repeat(1e6)) // → '"xxxxxxxxxxxxxxxxxxxx…"'
 */
export function describeValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (typeof value === "bigint") return `${value}n (a bigint; use a plain number)`;
  if (Array.isArray(value)) return "a list";
  return value === null ? "null" : typeof value;
}
