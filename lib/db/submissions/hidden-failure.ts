/**
 * What a failing HIDDEN test may tell its author (issue 16.1 + 18.3, docs/adr/0610-hidden-test-results.md).
 *
 * A hidden test shows its verdict and, when it failed, the error's type, a scrubbed message and the line of the
 * candidate's own code that raised it — never its input, expected value, output, stdout/stderr or any counter
 * (timings, engine calls, tokens), because a submission controls all of those and could encode the hidden input
 * in them. The message is the one part a submission could still steer, so it is cut down:
 * - only built-in error types are named (a class the submission defined, e.g. `type(text, (Exception,), {})`, could
 *   carry the input in its name); anything else is "an exception of your own class" with no message;
 * - an error the candidate's code raised itself (`raise …` / `throw …` on the failing line) keeps its type and line
 *   but loses its message (that message is the submission's own text);
 * - quoted text and numbers of two or more digits are replaced by "…" (a built-in message such as
 *   `KeyError: 'the input'` or `invalid literal for int() with base 10: '42abc'` quotes the data it failed on); quoted
 *   built-in type names stay ("unsupported operand type(s) for +: 'int' and 'str'");
 * - one line, at most 160 characters.
 * Grader failures (time, memory, output limits, crashes) are our own sentences; they are mapped to fixed text with the
 * submission-controlled numbers (exit codes, signals) removed.
 *
 * Pure (no imports), so the data layer applies it while redacting and tests exercise it directly.
 *
 * @example
 *   hiddenFailure({ verdict: "RE", error: 'Traceback (most recent call last):\n  File "/box/solution.py", line 3, in f\n    return 1 / 0\nZeroDivisionError: division by zero', code, language: "python" })
 *   // → { type: "ZeroDivisionError", message: "division by zero", line: 3, kind: "error" }
 */

export interface HiddenFailure {
  /** "error": the program raised; "limit": a grader limit (time, memory, output, crash); "wrong": a wrong answer. */
  kind: "error" | "limit" | "wrong";
  /** A built-in error type name, or null (custom class, limit, wrong answer). */
  type: string | null;
  /** Scrubbed one-line message, or null when it may not be shown. */
  message: string | null;
  /** 1-based line in the candidate's code of the innermost frame in it, when known. */
  line: number | null;
  /** The error's class is the submission's own: its name and message are withheld. */
  customType?: true;
}

const PYTHON_BUILTIN_ERRORS = new Set([
  "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BufferError", "EOFError", "Exception",
  "FloatingPointError", "GeneratorExit", "ImportError", "IndexError", "KeyError", "KeyboardInterrupt", "LookupError",
  "MemoryError", "ModuleNotFoundError", "NameError", "NotImplementedError", "OSError", "OverflowError",
  "RecursionError", "ReferenceError", "RuntimeError", "StopIteration", "StopAsyncIteration", "SyntaxError",
  "IndentationError", "TabError", "SystemError", "SystemExit", "TypeError", "UnboundLocalError", "UnicodeError",
  "UnicodeDecodeError", "UnicodeEncodeError", "ValueError", "ZeroDivisionError", "PermissionError",
  "FileNotFoundError", "TimeoutError", "EngineError", "numpy.linalg.LinAlgError", "numpy.exceptions.AxisError", "AxisError",
]);
const JS_BUILTIN_ERRORS = new Set([
  "Error", "TypeError", "RangeError", "ReferenceError", "SyntaxError", "EvalError", "URIError", "AggregateError",
  "InternalError", "EngineError",
]);
/** Quoted words that are type names, not data: kept so "'int' and 'str'" stays useful. */
const TYPE_WORDS = new Set([
  "int", "float", "str", "bytes", "bool", "list", "dict", "tuple", "set", "frozenset", "NoneType", "object", "function",
  "builtin_function_or_method", "method", "module", "type", "complex", "range", "generator", "numpy.ndarray", "ndarray",
  "numpy.float64", "numpy.int64", "undefined", "null", "number", "string", "boolean", "bigint", "symbol", "Array",
  "Object", "Map", "Set", "Promise", "Function", "Float32Array", "Float64Array", "Int32Array", "BigInt64Array",
]);

const MAX_MESSAGE = 160;

/** Replaces quoted data and multi-digit numbers with "…", one line, bounded. */
export function scrubMessage(message: string): string {
  const oneLine = message.split("\n")[0] ?? "";
  const quotesScrubbed = oneLine.replace(/(['"`])((?:(?!\1).){0,200}?)\1/g, (_m, q: string, inner: string) => (TYPE_WORDS.has(inner) ? `${q}${inner}${q}` : `${q}…${q}`));
  const numbersScrubbed = quotesScrubbed.replace(/-?\d[\d_.,eE+-]*\d|\d{2,}/g, (m) => (/^\d$/.test(m) ? m : "…"));
  // Anything left that is long is most likely data the message echoed (an unquoted repr): cut it.
  return numbersScrubbed.length > MAX_MESSAGE ? `${numbersScrubbed.slice(0, MAX_MESSAGE - 1)}…` : numbersScrubbed;
}

/**
 * Grader-written failure sentences (lib/grader/run-tests.ts) → fixed text. Nothing is copied from the stored text: a
 * submission can forge a "traceback" that starts like one of these (a class named "time limit exceeded"), so a match
 * may only ever choose among these constants.
 */
const LIMIT_MESSAGES: [RegExp, string][] = [
  [/^CPU time limit exceeded/, "CPU time limit exceeded"],
  [/^time limit exceeded/, "time limit exceeded"],
  [/^memory limit exceeded/, "memory limit exceeded"],
  [/^output limit exceeded/, "output limit exceeded"],
  [/^a message from the program exceeded/, "a message from the program was too large"],
  [/^the returned value is larger than/, "the returned value is too large"],
  [/^the returned value cannot be checked/, "the returned value cannot be checked (nested too deeply or not plain data)"],
  [/^too many engine calls/, "too many engine calls"],
  [/^the program broke the harness protocol/, "the program broke the harness protocol"],
  [/^the program (was killed by signal|exited with code)/, "the program exited or was killed"],
];

interface Frame {
  line: number;
}

/** Python: `  File "/box/solution.py", line 3, in f` (the harness keeps only the candidate's frames). */
function pythonFrames(text: string): Frame[] {
  return [...text.matchAll(/File "\/box\/solution\.py", line (\d+)/g)].map((m) => ({ line: Number(m[1]) }));
}

/** JavaScript/TypeScript: `    at f (/box/solution.js:3:10)` — innermost first. */
function jsFrames(text: string): Frame[] {
  return [...text.matchAll(/\/box\/solution\.[cm]?[jt]s:(\d+):\d+/g)].map((m) => ({ line: Number(m[1]) }));
}

function raisedBySubmission(code: string, line: number | null, language: string): boolean {
  if (line === null) return false;
  const source = (code.split("\n")[line - 1] ?? "").trim();
  return language === "python" ? /^(raise|assert)\b/.test(source) : /^throw\b|\bthrow\s/.test(source);
}

/**
 * The type/message/line of a failing hidden test's stored error text (a traceback filtered to the candidate's own
 * frames, or one of the grader's limit sentences), redacted as described above. Null for a passing test.
 */
export function hiddenFailure({ verdict, error, code, language }: { verdict: string; error: string | null; code: string; language: string }): HiddenFailure | null {
  if (verdict === "AC") return null;
  if (verdict === "WA") return { kind: "wrong", type: null, message: null, line: null };
  const text = (error ?? "").replace(/^error while loading the code:\n/, "");
  for (const [pattern, fixed] of LIMIT_MESSAGES) {
    if (pattern.test(text)) return { kind: "limit", type: null, message: fixed, line: null };
  }
  // TLE and OLE only ever come from the grader; a sentence we do not know is still not shown.
  if (verdict === "TLE" || verdict === "OLE") return { kind: "limit", type: null, message: null, line: null };
  if (!text) return { kind: verdict === "RE" ? "error" : "limit", type: null, message: null, line: null };

  const python = language === "python";
  const frames = python ? pythonFrames(text) : jsFrames(text);
  // Python lists the innermost frame last; V8 first.
  const line = frames.length === 0 ? null : python ? frames[frames.length - 1]!.line : frames[0]!.line;
  const lines = text.split("\n");
  // Python: the exception line is the last line that is neither a frame nor its source; V8: the first line.
  const head = python ? [...lines].reverse().find((l) => l && !/^\s/.test(l) && !l.startsWith("Traceback")) ?? "" : lines.find((l) => l && !/^\s+at /.test(l)) ?? "";
  const headMatch = head.match(/^(Uncaught )?([A-Za-z_][\w.]*)(?::\s?(.*))?$/s);
  const rawType = headMatch?.[2] ?? null;
  const rawMessage = headMatch?.[3] ?? (headMatch ? "" : head);
  const builtins = python ? PYTHON_BUILTIN_ERRORS : JS_BUILTIN_ERRORS;
  if (!rawType || !builtins.has(rawType)) {
    return { kind: "error", type: null, message: null, line, customType: true };
  }
  const message = raisedBySubmission(code, line, language) ? null : rawMessage ? scrubMessage(rawMessage) : null;
  return { kind: "error", type: rawType, message, line };
}
