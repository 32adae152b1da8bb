/**
 * Push for submission progress (issue 16.5, ADR 0906): the grader's result writes (grading-store.ts) send
 * `NOTIFY clockwise_submission_changed, '<submission id>'` inside their transactions — PostgreSQL delivers it only on
 * commit, to every process on every machine that LISTENs — and each web process keeps one LISTEN connection that wakes
 * the event streams following that submission. Polling stays as the slow fallback (a connection that died without
 * telling us), so a missed notification costs latency, never correctness.
 *
 * A reader must start watching BEFORE it reads (`watch(id)`, then read, then `wait`): a notification that arrives
 * while the read is in flight is remembered by the watch, and the next `wait` returns at once. Waiting only after the
 * read lost exactly those notifications — the verdict then reached the page with the 2 s fallback poll (ADR 0906,
 * "the missed wake-up"). Losing or regaining the LISTEN connection wakes every watch too: whatever was sent while the
 * process was deaf is unknown, so each reader reads once more.
 * No `import "server-only"`: the standalone worker sends through `NOTIFY_SUBMISSION_CHANGED_SQL`.
 *
 * @example
 *   await tx.$executeRawUnsafe(NOTIFY_SUBMISSION_CHANGED_SQL, id);            // worker, inside its transaction
 *   const watch = submissionChanges(databaseUrl).watch(id);                   // web: watch first,
 *   let row = await load();                                                   //   then read,
 *   while (!final(row)) { await watch.wait(2000, signal); row = await load(); } //   news during the read is kept
 *   watch.close();
 */
import pg from "pg";

export const SUBMISSION_CHANNEL = "clockwise_submission_changed";
/** pg_notify returns void, which Prisma cannot read back; this selects one boolean instead. $1 = submission id. */
export const NOTIFY_SUBMISSION_CHANGED_SQL = `SELECT true AS notified FROM (SELECT pg_notify('${SUBMISSION_CHANNEL}', $1::text)) AS sent`;

/**
 * Why a wait ended: `changed` a notification for the submission, `reconnected` the LISTEN connection was lost or
 * regained (anything may have changed unheard), `timeout` the fallback poll, `aborted` the signal.
 */
export type WakeReason = "changed" | "reconnected" | "timeout" | "aborted";

/** One reader's interest in one submission, from before its first read until `close()`. */
export interface SubmissionWatch {
  /**
   * Resolves at once when there was news since this watch was opened or since the previous wait returned (it arrived
   * while the caller was reading); otherwise on news, after `ms`, or when `signal` aborts — whichever is first.
   */
  wait(ms: number, signal?: AbortSignal): Promise<WakeReason>;
  close(): void;
}

export interface SubmissionChanges {
  /** Starts remembering news of `id` now; open it before reading the submission. Opens the LISTEN connection on first use. */
  watch(id: string): SubmissionWatch;
  /** One-shot `watch(id).wait(ms)`, for callers that call it before their read (the bench). */
  wait(id: string, ms: number, signal?: AbortSignal): Promise<WakeReason>;
  /** True while the LISTEN connection is up (otherwise callers should poll at their fast rate). */
  readonly listening: boolean;
  /** Resolves once the LISTEN connection is up (true) or this attempt failed (false); tests and warm-up. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

interface WatchState {
  /** News arrived while nobody was waiting on this watch: the next wait returns at once. */
  pending: WakeReason | null;
  /** The wait in progress, if any. */
  wake: ((reason: WakeReason) => void) | null;
}

export interface SubmissionChangesOptions {
  /** The clock the reconnect back-off reads (tests step it instead of sleeping). */
  now?: () => number;
  /** Names the LISTEN connection in pg_stat_activity (tests find and terminate their own). */
  applicationName?: string;
}

function createSubmissionChanges(databaseUrl: string, options: SubmissionChangesOptions = {}): SubmissionChanges {
  const now = options.now ?? Date.now;
  const watches = new Map<string, Set<WatchState>>();
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let connecting: Promise<boolean> | undefined;
  /** Reconnects are attempted lazily, by the next watch/wait after this time (no timer: nothing runs in the background). */
  let nextAttemptAt = 0;
  let retryMs = 1_000;

  const notify = (state: WatchState, reason: WakeReason) => {
    if (state.wake) state.wake(reason);
    else if (state.pending !== "changed") state.pending = reason;
  };
  const notifyAll = (reason: WakeReason) => {
    for (const set of watches.values()) for (const state of set) notify(state, reason);
  };

  const backOff = () => {
    nextAttemptAt = now() + retryMs;
    retryMs = Math.min(30_000, retryMs * 2);
  };

  const connect = (): Promise<boolean> =>
    (connecting ??= (async () => {
      const next = new pg.Client({
        connectionString: databaseUrl,
        keepAlive: true,
        application_name: options.applicationName ?? "clockwise-submission-events",
      });
      next.on("notification", (message) => {
        if (message.channel !== SUBMISSION_CHANNEL || !message.payload) return;
        for (const state of watches.get(message.payload) ?? []) notify(state, "changed");
      });
      next.on("error", () => undefined); // "end" follows
      next.on("end", () => {
        if (client !== next) return;
        client = undefined;
        listening = false;
        backOff();
        notifyAll("reconnected"); // deaf from now on: every reader reads once more, then polls fast until we are back
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${SUBMISSION_CHANNEL}`);
        if (closed) {
          await next.end().catch(() => undefined);
          return false;
        }
        client = next;
        listening = true;
        retryMs = 1_000;
        // Whatever was sent before this LISTEN (while connecting, or in the gap after a lost connection) was not
        // heard: every reader reads once more. Later notifications arrive.
        notifyAll("reconnected");
        return true;
      } catch {
        await next.end().catch(() => undefined);
        backOff();
        return false;
      } finally {
        connecting = undefined;
      }
    })());

  const maybeConnect = () => {
    if (!client && !connecting && !closed && now() >= nextAttemptAt) void connect();
  };

  const watch = (id: string): SubmissionWatch => {
    maybeConnect();
    const state: WatchState = { pending: null, wake: null };
    let set = watches.get(id);
    if (!set) watches.set(id, (set = new Set()));
    set.add(state);
    let open = true;
    return {
      wait(ms, signal) {
        maybeConnect();
        if (state.wake) throw new Error("SubmissionWatch.wait: one wait at a time");
        const pending = state.pending;
        if (pending) {
          state.pending = null;
          return Promise.resolve(pending);
        }
        if (!open) return Promise.resolve<WakeReason>("timeout");
        if (signal?.aborted) return Promise.resolve<WakeReason>("aborted");
        return new Promise<WakeReason>((resolve) => {
          const done = (reason: WakeReason) => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
            state.wake = null;
            resolve(reason);
          };
          const onAbort = () => done("aborted");
          const timer = setTimeout(() => done("timeout"), ms);
          signal?.addEventListener("abort", onAbort, { once: true });
          state.wake = done;
        });
      },
      close() {
        if (!open) return;
        open = false;
        state.wake?.("aborted");
        set!.delete(state);
        if (set!.size === 0 && watches.get(id) === set) watches.delete(id);
      },
    };
  };

  return {
    get listening() {
      return listening;
    },
    watch,
    async wait(id, ms, signal) {
      const one = watch(id);
      try {
        return await one.wait(ms, signal);
      } finally {
        one.close();
      }
    },
    ready() {
      if (client) return Promise.resolve(true);
      return closed ? Promise.resolve(false) : connect();
    },
    async close() {
      closed = true;
      listening = false;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}

const processWide = globalThis as unknown as { clockwiseSubmissionChanges?: SubmissionChanges };

/** The process's listener (one LISTEN connection, opened on first use). */
export function submissionChanges(databaseUrl: string): SubmissionChanges {
  return (processWide.clockwiseSubmissionChanges ??= createSubmissionChanges(databaseUrl));
}

/** A private listener (tests: its own connection, clock and name, so a test can cut it and step its back-off). */
export function createSubmissionChangesForTest(databaseUrl: string, options: SubmissionChangesOptions = {}): SubmissionChanges {
  return createSubmissionChanges(databaseUrl, options);
}
