/**
 * "Can pages reach PostgreSQL right now?" — answered from a cache so the web server can ask on every page request
 * and answer a clear 503 page instead of letting a page render into a 500 (or stream a 200 and fail half-way,
 * which is what a route with a loading.tsx does).
 *
 * One probe (`SELECT 1` over a connection of its own, lib/db/database-probe.ts — not through the app's busy Prisma
 * pool, where a probe under load waits for a connection and mistakes load for an outage) runs at a time, at most
 * once per PROBE_INTERVAL_MS, and counts as "down" after its timeout, so a hung database cannot hang page requests
 * for longer than that. When PostgreSQL ends the idle probe connection (a shutdown), the gate closes at once. An
 * answer younger than the interval is served from the cache; the caller that finds it older waits for the next probe
 * (with everyone who arrives meanwhile), so no answer is ever more than an interval stale.
 * The data layer can report a failed query with `noteDatabaseError` so the gate closes at once instead of at the
 * next probe.
 *
 * No `import "server-only"`: the web server (plain Node via tsx, outside Next's bundler) imports this file, and the
 * `server-only` package throws outside a react-server build. The state lives on globalThis because that server and
 * Next's server bundle each load their own copy of this module in the same process.
 *
 * @example
 *   if (!(await databaseAvailable())) {
 *     res.writeHead(503, { "content-type": "text/html; charset=utf-8", "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) });
 *     res.end(databaseUnavailablePage(req.headers["accept-language"] ?? null)); // lib/web/unavailable-page.ts
 *   }
 */
import { dedicatedDatabaseProbe } from "./database-probe";
import { isDatabaseUnavailable } from "./unavailable";
import { childLogger } from "../observability/log";
import { databaseUrl } from "./database-config";

/** At most one probe per this many milliseconds, healthy or not. */
export const PROBE_INTERVAL_MS = 1000;
/** A probe that has not answered by then counts as "down". */
export const PROBE_TIMEOUT_MS = 1000;
/**
 * The first probe of a process also pays for the Prisma client's one-time start (0.4–1.2 s measured on this
 * machine), which is not the database being slow; a 1 s limit would turn the first page requests after a start
 * into 503s.
 */
export const FIRST_PROBE_TIMEOUT_MS = 5000;
/**
 * The longest a page request can still pass the gate after PostgreSQL became unreachable (the last "up" answer is
 * at most one interval old, and the probe that notices may take up to its timeout). The fault scenario tolerates
 * exactly this much.
 */
export const DETECTION_WINDOW_MS = PROBE_INTERVAL_MS + PROBE_TIMEOUT_MS;

export interface AvailabilityOptions {
  /** Resolves when the database answered; rejects with the driver's error otherwise. */
  probe: () => Promise<unknown>;
  intervalMs?: number;
  timeoutMs?: number;
  firstTimeoutMs?: number;
  now?: () => number;
  /** Arms a probe's timeout and returns its disarm function (tests pass their own clock to fire it by hand). */
  setTimer?: (fire: () => void, ms: number) => () => void;
}

function realTimer(fire: () => void, ms: number): () => void {
  const timer = setTimeout(fire, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
}

export interface DatabaseAvailability {
  available: () => Promise<boolean>;
  noteError: (error: unknown) => void;
}

interface State {
  /** Last answer; undefined until the first probe settles. */
  up: boolean | undefined;
  /** When `up` was decided (by a probe or by a noted error). */
  decidedAt: number;
  /** The running probe's answer (already bounded by the timeout). */
  answer: Promise<boolean> | null;
  /** The probe query itself: a timed-out query still holds a pool connection, so no second one starts beside it. */
  query: Promise<unknown> | null;
}

/**
 * An availability gate over any probe (tests give it their own client; the app uses `databaseAvailable`).
 *
 * @example
 *   const gate = createDatabaseAvailability({ probe: () => client.$queryRaw`SELECT 1` });
 *   await gate.available(); // true
 */
export function createDatabaseAvailability(options: AvailabilityOptions, state: State = newState()): DatabaseAvailability {
  const intervalMs = options.intervalMs ?? PROBE_INTERVAL_MS;
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const firstTimeoutMs = options.firstTimeoutMs ?? FIRST_PROBE_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? realTimer;

  function decide(up: boolean): boolean {
    state.up = up;
    state.decidedAt = now();
    return up;
  }

  function startProbe(): Promise<boolean> {
    const startedAt = now();
    const limitMs = state.up === undefined ? firstTimeoutMs : timeoutMs;
    let query: Promise<unknown>;
    try {
      query = Promise.resolve(options.probe());
    } catch (error) {
      query = Promise.reject(error);
    }
    state.query = query;
    const settled = query.then(
      () => true,
      (error: unknown) => {
        // Only "cannot reach the database" closes the gate; any other failure (a bug in the probe) is not an outage.
        if (!isDatabaseUnavailable(error)) childLogger({ component: "database-gate" }).error({ event: "database_probe.unexpected_error", err: error }, "database probe failed with an unexpected error");
        return !isDatabaseUnavailable(error);
      },
    );
    void settled.then(() => {
      if (state.query === query) state.query = null;
    });
    let disarm = () => {};
    const timedOut = new Promise<boolean>((resolve) => {
      disarm = setTimer(() => resolve(false), limitMs);
    });
    const answer = Promise.race([settled, timedOut]).then((up) => {
      disarm();
      state.answer = null;
      // A failure noted while this probe ran is newer news than a success it may have seen before it.
      if (up && state.up === false && state.decidedAt >= startedAt) return false;
      return decide(up);
    });
    state.answer = answer;
    return answer;
  }

  async function available(): Promise<boolean> {
    const fresh = state.up !== undefined && now() - state.decidedAt < intervalMs;
    if (fresh) return state.up!;
    // Older than an interval: wait for a fresh answer (single flight, bounded by the timeout) rather than serve a stale
    // one. A process that saw no request for a while (one of several web processes behind keep-alive connections)
    // would otherwise pass its first request on an "up" from before an outage, or refuse it on a "down" from before
    // the recovery. While the database is healthy that wait is one SELECT 1 round trip, once per interval.
    if (state.answer) return state.answer;
    // A query that outlived its timeout still occupies a connection: stay "down" until it settles.
    if (state.query) return state.up ?? false;
    return startProbe();
  }

  function noteError(error: unknown): void {
    if (isDatabaseUnavailable(error)) decide(false);
  }

  return { available, noteError };
}

function newState(): State {
  return { up: undefined, decidedAt: 0, answer: null, query: null };
}

const STATE_KEY = Symbol.for("clockwise.databaseAvailability");

/**
 * The page gate's probe timeout: generous because the event loop of a busy web process can lag by a second or more
 * (measured under the 100-user load test); a stopped PostgreSQL is still seen at once (refused or terminated
 * connection).
 */
export const PAGE_GATE_PROBE_TIMEOUT_MS = 3000;

let gate: DatabaseAvailability | undefined;

/**
 * The process's gate. Its state is shared by every copy of this module in the process (Next's bundle, the edge
 * server's tsx copy), so a server action's noteDatabaseError closes the gate the edge server asks. The probe
 * connection is opened on the first probe, to the DATABASE_URL of that moment.
 */
function processGate(): DatabaseAvailability {
  if (gate) return gate;
  let probe: (() => Promise<void>) | undefined;
  const holder = globalThis as unknown as Record<symbol, State | undefined>;
  const created = createDatabaseAvailability(
    {
      probe: () => {
        const url = databaseUrl();
        if (!url) return Promise.reject(new Error("DATABASE_URL is not set"));
        probe ??= dedicatedDatabaseProbe(url, PAGE_GATE_PROBE_TIMEOUT_MS + 1000, (error) => created.noteError(error));
        return probe();
      },
      timeoutMs: PAGE_GATE_PROBE_TIMEOUT_MS,
    },
    (holder[STATE_KEY] ??= newState()),
  );
  return (gate = created);
}

/**
 * Is PostgreSQL reachable? Cached; cheap enough for every request (see the file comment).
 *
 * @example
 *   if (!(await databaseAvailable())) return new Response(databaseUnavailablePage(acceptLanguage), { status: 503 });
 */
export async function databaseAvailable(): Promise<boolean> {
  return processGate().available();
}

/**
 * Report a failed database call: if it means "the database cannot be reached", the gate closes now instead of at
 * the next probe. Any other error is ignored.
 *
 * @example
 *   catch (error) { noteDatabaseError(error); throw error; }
 */
export function noteDatabaseError(error: unknown): void {
  processGate().noteError(error);
}
