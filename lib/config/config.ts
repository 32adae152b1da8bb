/**
 * The one configuration of a process (issue 12, docs/adr/0004-configuration.md): every environment variable is parsed
 * once, by `loadConfig()`, validated with zod (or with the parser of the module that owns it: grader limits, worker
 * settings, engine), and cached. A bad value stops the start with one message naming every bad variable and what is
 * allowed (EnvError, never a stack). Modules get their section from here — pages and use cases call `loadConfig()`,
 * the layers below (db, grader core, engine) are handed theirs by the entry points — and nothing reads `process.env`
 * later or writes into it. Entry points call it first so a bad value is reported at start, not at the first request.
 *
 * @example
 *   const config = loadConfig();                  // throws EnvError, e.g. "CLOCKWISE_WARM_POOL: expected an integer 0..8, got \"99\""
 *   config.submissions.rateLimit                   // → 10
 *   config.workerProcess.warmPool                  // → 1 (npm start, npm run worker)
 *   resetConfigForTests();                         // tests that change process.env
 */
import { z } from "zod";
import { resolveEngineConfig, type EngineConfig } from "@/lib/engine/config";
import { configuredLimits, type GraderLimits } from "@/lib/grader/limits";
import type { SandboxHostSettings } from "@/lib/grader/sandbox/host-settings";
import { resolveStopTimeoutMs, resolveWorkerConfig, WORKER_VARIABLES, WorkerConfigError } from "@/lib/grader/pipeline/worker-config";
import { EnvError, loadEnv, type Env, type EnvIssue } from "./env";

export type Source = Readonly<Record<string, string | undefined>>;

export interface Config {
  /** The start-up variables of `npm start` and the web server (env.ts: PORT, auth, admin, data dir, …). */
  app: Env;
  database: {
    /** External or embedded PostgreSQL; unset until `npm start` has started the embedded one. */
    url: string | undefined;
    poolSize: number;
    /** CLOCKWISE_DB_POOL_SIZE was given (the web server picks smaller pools for many processes otherwise). */
    poolSizeSet: boolean;
  };
  submissions: {
    /** CLOCKWISE_SUBMISSION_RATE_LIMIT: submissions per user per minute. */
    rateLimit: number;
    /** CLOCKWISE_FAIR_GRADING: round-robin between users (ADR 0909). */
    fairGrading: boolean;
  };
  /** CLOCKWISE_PAGE_CACHE: the public page cache (ADR 1105); `0`/`false` turns it off. */
  pageCache: { enabled: boolean };
  /** The grader library's settings (tests, CLI): no warm boxes unless CLOCKWISE_WARM_POOL says so. */
  grader: {
    warmPool: number;
    limits: { defaults: GraderLimits; maxima: GraderLimits };
    /**
     * The worker's variables (CLOCKWISE_WORKER_* / CLOCKWISE_GRADE_* / CLOCKWISE_QUEUE_*, and the total time limit its
     * default job timeout follows), validated here; startGraderWorker resolves them with its caller's options.
     */
    workerEnv: Readonly<Record<string, string | undefined>>;
    stopTimeoutMs: number;
  };
  /**
   * What a grader worker *process* (`npm start`'s in-process worker, `npm run worker`) uses where it differs from the
   * library: one warm box per language unless CLOCKWISE_WARM_POOL says otherwise. Handed to startGraderWorker as an
   * option — never written into process.env (before issue 12 applyWorkerProcessDefaults did that). (Its engine runs
   * in an engine host thread without a batching window, lib/grader/engine-host.)
   */
  workerProcess: { warmPool: number };
  /** The sandbox's host settings (bubblewrap, unsafe local mode, harness, seccomp compiler, cgroup root). */
  sandbox: SandboxHostSettings;
  /** The engine's options (the engine parses its own variables; this is the same parse, done at start). */
  engine: EngineConfig;
  /** CLOCKWISE_METRICS_TOKEN: bearer token of /api/metrics; unset or shorter than 16 characters → off (404). */
  metrics: { token: string | undefined };
}

const flag = (name: string, fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? String(fallback) : v.trim().toLowerCase()))
    .refine((v) => ["1", "0", "true", "false", "yes", "no", "on", "off"].includes(v), `${name}: expected true/false (or 1/0, yes/no, on/off)`)
    .transform((v) => ["1", "true", "yes", "on"].includes(v));

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const positiveInt = (fallback: number) =>
  z.preprocess(
    (value) => blankToUndefined(value) ?? fallback,
    z.coerce.number({ message: "expected a positive integer" }).int("expected a positive integer").positive("expected a positive integer"),
  );

/** Most warm boxes per language (each holds an idle interpreter). */
export const MAX_WARM_POOL = 8;

const warmPoolMessage = `expected an integer 0..${MAX_WARM_POOL}`;
const warmPool = z.preprocess(
  blankToUndefined,
  z.coerce.number({ message: warmPoolMessage }).int(warmPoolMessage).min(0, warmPoolMessage).max(MAX_WARM_POOL, warmPoolMessage).optional(),
);

const optionalPath = z.preprocess(blankToUndefined, z.string().optional());

const SectionsSchema = z.object({
  // "" is meaningful here (tests: "there is no bubblewrap"), so it is kept rather than treated as unset.
  CLOCKWISE_BWRAP: z.string().optional(),
  CLOCKWISE_UNSAFE_LOCAL_SANDBOX: flag("CLOCKWISE_UNSAFE_LOCAL_SANDBOX", false),
  CLOCKWISE_HARNESS_DIR: optionalPath,
  CLOCKWISE_SECCOMP_COMPILER: optionalPath,
  CLOCKWISE_CGROUP_ROOT: optionalPath,
  CLOCKWISE_WARM_POOL: warmPool,
  CLOCKWISE_SUBMISSION_RATE_LIMIT: positiveInt(10),
  CLOCKWISE_FAIR_GRADING: flag("CLOCKWISE_FAIR_GRADING", true),
  CLOCKWISE_PAGE_CACHE: flag("CLOCKWISE_PAGE_CACHE", true),
});

/** Runs one section parser; its error becomes an issue naming `variable` (the message already says what is allowed). */
function collect<T>(issues: EnvIssue[], variable: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof EnvError) issues.push(...error.issues);
    else if (error instanceof WorkerConfigError) {
      // "Invalid grader worker configuration:\n  CLOCKWISE_X: message (got …)" → one issue per line, named.
      for (const line of error.message.split("\n").slice(error.message.startsWith("Invalid") ? 1 : 0)) {
        const match = /^\s*([A-Z_]+|option \w+):\s*(.*)$/.exec(line);
        issues.push(match ? { variable: match[1], message: match[2] } : { variable, message: line.trim() });
      }
    } else {
      // Limits and engine errors start with "NAME=value …" or "NAME="value" …": name the variable they mention.
      const message = (error as Error).message;
      const named = /^(CLOCKWISE_[A-Z0-9_]+)=/.exec(message);
      issues.push({ variable: named?.[1] ?? variable, message: named ? message.slice(named[1].length + 1) : message });
    }
    return undefined;
  }
}

/**
 * Parses every section of `source` (the process environment by default) without caching. Throws EnvError listing
 * every bad variable.
 *
 * @example
 *   parseConfig({ CLOCKWISE_FAIR_GRADING: "maybe" }) // throws "CLOCKWISE_FAIR_GRADING: expected true/false …"
 */
export function parseConfig(source: Source = process.env): Config {
  const issues: EnvIssue[] = [];
  const app = collect(issues, "environment", () => loadEnv(source as Record<string, string | undefined>));
  const sections = SectionsSchema.safeParse(Object.fromEntries(Object.keys(SectionsSchema.shape).map((key) => [key, source[key]])));
  if (!sections.success) {
    for (const issue of sections.error.issues) {
      const variable = String(issue.path[0]);
      issues.push({ variable, message: `${issue.message.replace(`${variable}: `, "")}, got ${JSON.stringify(source[variable])}` });
    }
  }
  const limits = collect(issues, "grader limits", () => configuredLimits(source));
  const stopTimeoutMs = collect(issues, "CLOCKWISE_WORKER_STOP_TIMEOUT_MS", () => resolveStopTimeoutMs(source.CLOCKWISE_WORKER_STOP_TIMEOUT_MS));
  // The worker's own parser names each variable; the database URL is checked by env.ts above (and may come later).
  const worker = collect(issues, "grader worker", () => resolveWorkerConfig({}, source, { databaseUrl: "optional" }));
  const engine = collect(issues, "engine", () => resolveEngineConfig({}, source));
  if (issues.length || !app || !sections.success || !limits || stopTimeoutMs === undefined || !worker || !engine) {
    // One line per variable, the first reason for each.
    const seen = new Set<string>();
    throw new EnvError(issues.filter((issue) => !seen.has(issue.variable) && seen.add(issue.variable)));
  }
  return {
    app,
    database: { url: app.DATABASE_URL, poolSize: app.CLOCKWISE_DB_POOL_SIZE, poolSizeSet: Boolean(source.CLOCKWISE_DB_POOL_SIZE?.trim()) },
    submissions: { rateLimit: sections.data.CLOCKWISE_SUBMISSION_RATE_LIMIT, fairGrading: sections.data.CLOCKWISE_FAIR_GRADING },
    pageCache: { enabled: sections.data.CLOCKWISE_PAGE_CACHE },
    grader: { warmPool: sections.data.CLOCKWISE_WARM_POOL ?? 0, limits, workerEnv: Object.freeze(Object.fromEntries(WORKER_VARIABLES.map((name) => [name, source[name]]))), stopTimeoutMs },
    workerProcess: { warmPool: sections.data.CLOCKWISE_WARM_POOL ?? 1 },
    sandbox: {
      ...(sections.data.CLOCKWISE_BWRAP !== undefined ? { bwrap: sections.data.CLOCKWISE_BWRAP.trim() } : {}),
      unsafeLocal: sections.data.CLOCKWISE_UNSAFE_LOCAL_SANDBOX,
      ...(sections.data.CLOCKWISE_HARNESS_DIR ? { harnessDir: sections.data.CLOCKWISE_HARNESS_DIR } : {}),
      ...(sections.data.CLOCKWISE_SECCOMP_COMPILER ? { seccompCompiler: sections.data.CLOCKWISE_SECCOMP_COMPILER } : {}),
      cgroupRoot: sections.data.CLOCKWISE_CGROUP_ROOT ?? "/sys/fs/cgroup",
    },
    engine,
    metrics: { token: source.CLOCKWISE_METRICS_TOKEN?.trim() || undefined },
  };
}

const KEY = Symbol.for("clockwise.config");
const RUNTIME = Symbol.for("clockwise.config.runtime");
type Holder = { [KEY]?: Config; [RUNTIME]?: Record<string, string> };

/**
 * The process's configuration, parsed on the first call and cached (on globalThis: the edge server's tsx copy and
 * Next's bundled copy of this module share it). With `source`, parses that instead and caches it — for an entry
 * point that learns a value at run time (npm start: the embedded database's URL).
 */
export function loadConfig(source?: Source): Config {
  const holder = globalThis as Holder;
  if (source) return (holder[KEY] = parseConfig(source));
  return (holder[KEY] ??= parseConfig({ ...process.env, ...holder[RUNTIME] }));
}

/**
 * For an entry point that learns values at run time (npm start: the embedded database's URL, the generated auth
 * secret): the configuration is parsed again with them, and process.env is left as it is.
 *
 * @example
 *   updateConfig({ DATABASE_URL: db.url });
 */
export function updateConfig(values: Record<string, string>): Config {
  const holder = globalThis as Holder;
  holder[RUNTIME] = { ...holder[RUNTIME], ...values };
  return loadConfig({ ...process.env, ...holder[RUNTIME] });
}

/** Test seam: the next loadConfig() parses the environment again (tests that change process.env call it). */
export function resetConfigForTests(): void {
  delete (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[RUNTIME];
}
