/**
 * Grader limits are configuration, in the style of online judges: each limit has a description, a default,
 * a maximum and a validator. The operator may change defaults and maxima with environment variables
 * (validated at first use; an invalid value throws, it is never silently ignored). A question may lower a
 * limit but never raise it past the configured maximum.
 *
 * @example
 *   const limits = resolveLimits({ timeMsPerTest: 500 });          // question asks for 0.5 s per test
 *   limits.timeMsPerTest // → 500;  resolveLimits({ memoryMb: 99999 }).memoryMb // → the configured max
 */

export interface LimitSpec {
  description: string;
  default: number;
  max: number;
  min: number;
  /** Environment variable holding the default (its `_MAX` twin holds the maximum). */
  env: string;
}

export const LIMIT_SPECS = {
  timeMsPerTest: {
    description: "wall-clock milliseconds one test may take, measured on the host (TLE)",
    default: 2_000, max: 20_000, min: 50, env: "CLOCKWISE_TIME_MS_PER_TEST",
  },
  timeMsTotal: {
    description: "wall-clock milliseconds the whole submission may take, box start included (TLE)",
    default: 30_000, max: 120_000, min: 200, env: "CLOCKWISE_TIME_MS_TOTAL",
  },
  cpuSeconds: {
    description: "CPU seconds of the whole box, all its processes together (cgroup CPU time checked during every test; RLIMIT_CPU per process as a backstop) (TLE)",
    default: 20, max: 120, min: 1, env: "CLOCKWISE_CPU_SECONDS",
  },
  cpuPercent: {
    description: "CPU quota of the box in percent of one core (cgroup cpu.cfs_quota_us / cpu.max; 100 = one core)",
    default: 100, max: 400, min: 10, env: "CLOCKWISE_CPU_PERCENT",
  },
  memoryMb: {
    description: "memory of the whole box in MiB (cgroup memory limit as root, RLIMIT_AS otherwise) (MLE)",
    default: 256, max: 1_024, min: 32, env: "CLOCKWISE_MEMORY_MB",
  },
  pids: {
    description: "processes and threads alive at once in the box (cgroup pids.max as root, RLIMIT_NPROC otherwise)",
    default: 32, max: 256, min: 8, env: "CLOCKWISE_PIDS",
  },
  outputKb: {
    description: "KiB of stdout+stderr the program may print in total (OLE)",
    default: 64, max: 1_024, min: 1, env: "CLOCKWISE_OUTPUT_KB",
  },
  resultKb: {
    description: "KiB of one test's encoded return value (OLE)",
    default: 1_024, max: 8_192, min: 1, env: "CLOCKWISE_RESULT_KB",
  },
  fileSizeMb: {
    description: "largest file the box may write, MiB (RLIMIT_FSIZE; /tmp is a tmpfs of tmpSizeMb)",
    default: 8, max: 64, min: 1, env: "CLOCKWISE_FILE_SIZE_MB",
  },
  tmpSizeMb: {
    description: "size of the box's private writable /tmp, MiB",
    default: 16, max: 128, min: 1, env: "CLOCKWISE_TMP_SIZE_MB",
  },
  openFiles: {
    description: "open file descriptors per process (RLIMIT_NOFILE)",
    default: 64, max: 1_024, min: 16, env: "CLOCKWISE_OPEN_FILES",
  },
  engineCalls: {
    description: "engine requests (tokenize/forward/decode/labels/info) per submission",
    default: 2_000, max: 20_000, min: 1, env: "CLOCKWISE_ENGINE_CALLS",
  },
  engineTextChars: {
    description: "characters of text in one tokenize request",
    default: 20_000, max: 200_000, min: 16, env: "CLOCKWISE_ENGINE_TEXT_CHARS",
  },
  engineTokens: {
    description: "token ids sent to engine forward passes per submission",
    default: 200_000, max: 2_000_000, min: 16, env: "CLOCKWISE_ENGINE_TOKENS",
  },
  engineReplyNumbers: {
    description: "numbers one engine reply may carry (a reply is built and encoded in the engine host thread and copied to the box; e.g. 64×512 word2vec vectors would be 3.3 M)",
    default: 131_072, max: 8_388_608, min: 1_024, env: "CLOCKWISE_ENGINE_REPLY_NUMBERS",
  },
  engineMsTotal: {
    description: "milliseconds of host time the engine may spend on one submission's requests in total (tokenize, forward, decode)",
    default: 20_000, max: 120_000, min: 100, env: "CLOCKWISE_ENGINE_MS_TOTAL",
  },
  engineKvCaches: {
    description: "decoder KV caches (forward `past` handles) one submission holds at once; the least recently used are released beyond it",
    default: 64, max: 1_024, min: 1, env: "CLOCKWISE_ENGINE_KV_CACHES",
  },
  engineKvMb: {
    description: "MiB of decoder KV caches one submission holds at once; the least recently used are released beyond it",
    default: 64, max: 1_024, min: 1, env: "CLOCKWISE_ENGINE_KV_MB",
  },
  engineRequestKb: {
    description: "KiB of one engine request frame from the box",
    default: 1_024, max: 8_192, min: 1, env: "CLOCKWISE_ENGINE_REQUEST_KB",
  },
  boxRestarts: {
    description: "times a box that died mid-test is replaced to run the remaining tests",
    default: 2, max: 10, min: 0, env: "CLOCKWISE_BOX_RESTARTS",
  },
} as const satisfies Record<string, LimitSpec>;

export type LimitName = keyof typeof LIMIT_SPECS;
export type GraderLimits = Record<LimitName, number>;
/** What a question (or a caller) asks for: any subset, only ever lowered to the maximum. */
export type LimitRequest = Partial<Record<LimitName, number | undefined>>;

export class LimitConfigError extends Error {
  override name = "LimitConfigError";
}

function readEnvNumber(name: string, env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || !Number.isInteger(value)) {
    throw new LimitConfigError(`${name}=${JSON.stringify(raw)} is not an integer`);
  }
  return value;
}

export interface ConfiguredLimits {
  defaults: GraderLimits;
  maxima: GraderLimits;
}

const CONFIGURED = Symbol.for("clockwise.grader.limits");
type Holder = { [CONFIGURED]?: ConfiguredLimits };

/**
 * Hands this process's limits over (the grader worker, the web server, the grade CLI, from lib/config's
 * loadConfig(), which parsed them with `configuredLimits(env)` at start). The grader core reads no environment.
 *
 * @example
 *   configureLimits(loadConfig().grader.limits);
 */
export function configureLimits(limits: ConfiguredLimits): void {
  (globalThis as Holder)[CONFIGURED] = { defaults: { ...limits.defaults }, maxima: { ...limits.maxima } };
}

/**
 * The operator's configuration: defaults and maxima from the specs, overridden by env vars
 * (e.g. CLOCKWISE_MEMORY_MB=512, CLOCKWISE_MEMORY_MB_MAX=2048). Throws LimitConfigError on invalid values.
 * Without `env`: what the process was configured with (configureLimits), else the specs' own values.
 */
export function configuredLimits(env?: Readonly<Record<string, string | undefined>>): ConfiguredLimits {
  if (env === undefined) {
    const configured = (globalThis as Holder)[CONFIGURED];
    if (configured) return configured;
    env = {};
  }
  const defaults = {} as GraderLimits;
  const maxima = {} as GraderLimits;
  for (const [name, spec] of Object.entries(LIMIT_SPECS) as [LimitName, LimitSpec][]) {
    const max = readEnvNumber(`${spec.env}_MAX`, env) ?? spec.max;
    const def = readEnvNumber(spec.env, env) ?? Math.min(spec.default, max);
    if (max < spec.min) throw new LimitConfigError(`${spec.env}_MAX=${max} is below the minimum ${spec.min} (${spec.description})`);
    if (def < spec.min || def > max) {
      throw new LimitConfigError(`${spec.env}=${def} must be between ${spec.min} and ${max} (${spec.description})`);
    }
    defaults[name] = def;
    maxima[name] = max;
  }
  return { defaults, maxima };
}

/**
 * Effective limits for one submission: configured defaults, lowered (never raised past the maximum) by the
 * request. Values below a limit's minimum are raised to it; non-numbers are ignored.
 */
export function resolveLimits(request: LimitRequest = {}, env?: Readonly<Record<string, string | undefined>>): GraderLimits {
  const { defaults, maxima } = configuredLimits(env);
  const out = { ...defaults };
  for (const [name, spec] of Object.entries(LIMIT_SPECS) as [LimitName, LimitSpec][]) {
    const asked = request[name];
    if (typeof asked !== "number" || !Number.isFinite(asked)) continue;
    out[name] = Math.max(spec.min, Math.min(Math.floor(asked), maxima[name]));
  }
  return out;
}
