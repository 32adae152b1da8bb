/**
 * Structured logs: one JSON object per line on stderr (pino), so an operator can ship them to any log store and
 * filter by `component`, `requestId` or `submissionId`. Human-friendly formatting is deliberately out of scope
 * (pipe through `pino-pretty` on a development machine if wanted).
 *
 * What is never logged: passwords, session cookies, tokens, secrets, connection strings and submitted code. The
 * keys in REDACTED_KEYS are censored wherever they appear at the top level or one level down, and a submission's
 * `code` where submissions are logged, as a safety net; call sites must still not pass those values at all.
 *
 *   CLOCKWISE_LOG_LEVEL   trace|debug|info|warn|error|fatal|silent (default info; silent under Jest unless set)
 *
 * @example
 *   const log = childLogger({ component: "grader", submissionId: "ck1…" });
 *   log.info({ event: "job.graded", verdict: "AC", durationMs: 812 }, "graded");
 *   // {"level":30,"time":"2026-11-28T21:40:00.000Z","component":"grader","submissionId":"ck1…","event":"job.graded",…}
 */
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

/** Keys whose values never reach a log line, at the top level or inside one object (e.g. `headers.cookie`). */
export const REDACTED_KEYS = [
  "password",
  "newPassword",
  "currentPassword",
  "secret",
  "token",
  "accessToken",
  "refreshToken",
  "authorization",
  "cookie",
  "set-cookie",
  "databaseUrl",
  "connectionString",
  "DATABASE_URL",
  "BETTER_AUTH_SECRET",
  "CLOCKWISE_METRICS_TOKEN",
] as const;

/**
 * Submitted code: censored where a submission's fields are logged. Not `*.code`, which would also hide the useful
 * `err.code` of errors (AppError, pg, Node).
 */
const CODE_PATHS = ["code", "input.code", "body.code", "submission.code", "claim.code"];

const REDACT_PATHS = [
  ...REDACTED_KEYS.flatMap((key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? [key, `*.${key}`] : [`["${key}"]`, `*["${key}"]`])),
  ...CODE_PATHS,
];

const ROOT = Symbol.for("clockwise.rootLogger");
type Holder = { [ROOT]?: Logger };

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

/**
 * The configured level; a bad CLOCKWISE_LOG_LEVEL is reported and ignored rather than crashing a request.
 * `quietUnderJest` (default true) makes code running inside Jest silent unless a level is set: Jest runs route
 * handlers and workers in-process, and their lines would bury the test report. Entry points of their own processes
 * (`npm run worker`, `npm start`) pass false: they inherit Jest's environment when a test spawns them, and their
 * lines are what such a test reads.
 */
export function logLevel(env: Readonly<Record<string, string | undefined>> = process.env, options: { quietUnderJest?: boolean } = {}): string {
  const configured = env.CLOCKWISE_LOG_LEVEL?.trim().toLowerCase();
  if (configured && LEVELS.has(configured)) return configured;
  if (configured) process.stderr.write(`CLOCKWISE_LOG_LEVEL=${JSON.stringify(configured).slice(0, 40)} is not a log level; using info\n`);
  const underJest = env.NODE_ENV === "test" || env.JEST_WORKER_ID !== undefined;
  return underJest && (options.quietUnderJest ?? true) ? "silent" : "info";
}

/**
 * The root logger of a process entry point (`npm run worker`, the `npm start` orchestrator): level from
 * CLOCKWISE_LOG_LEVEL, otherwise info even when spawned by a test. Call once, at start-up, before any other logging.
 *
 * @example
 *   const logger = useEntryPointLogger();
 */
export function useEntryPointLogger(): Logger {
  const holder = globalThis as Holder;
  holder[ROOT] = createLogger(undefined, logLevel(process.env, { quietUnderJest: false }));
  return holder[ROOT];
}

/**
 * A logger with the project's settings writing to `destination` (default: stderr, synchronously so the last lines
 * before a crash or process.exit are not lost). Tests pass their own stream.
 *
 * @example
 *   const lines: string[] = [];
 *   const log = createLogger({ write: (l) => lines.push(l) }, "debug");
 */
export function createLogger(destination?: DestinationStream, level: string = logLevel()): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      formatters: { level: (label, number) => ({ level: number, severity: label }) },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** The process's root logger (one per process, cached on globalThis across Next's module reloads). */
export function rootLogger(): Logger {
  const holder = globalThis as Holder;
  return (holder[ROOT] ??= createLogger());
}

export interface LogBindings {
  /** Which part of the system speaks: "grader", "submissions-api", "metrics", "start", … */
  component: string;
  requestId?: string;
  submissionId?: string;
  [key: string]: string | number | boolean | undefined;
}

/**
 * A child of `parent` (default: the root logger) whose every line carries `bindings`; undefined fields are left out.
 *
 * @example
 *   childLogger({ component: "submissions-api", requestId }).warn({ status: 500 }, "request failed");
 */
export function childLogger(bindings: LogBindings, parent: Logger = rootLogger()): Logger {
  const defined = Object.fromEntries(Object.entries(bindings).filter(([, value]) => value !== undefined));
  return parent.child(defined);
}
