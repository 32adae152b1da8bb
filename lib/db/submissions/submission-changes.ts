/**
 * Push for submission progress (issue 16.5, ADR 0906): the grader's result writes (grading-store.ts) send
 * `NOTIFY clockwise_submission_changed, '<submission id>'` inside their transactions — PostgreSQL delivers it only on
 * commit, to every process on every machine that LISTENs — and each web process keeps one LISTEN connection that wakes
 * the event streams following that submission. Polling stays as the slow fallback (a lost connection, a notification
 * sent while reconnecting), so a missed notification costs latency, never correctness.
 * No `import "server-only"`: the standalone worker sends through `NOTIFY_SUBMISSION_CHANGED_SQL`.
 *
 * @example
 *   await tx.$executeRawUnsafe(NOTIFY_SUBMISSION_CHANGED_SQL, id);            // worker, inside its transaction
 *   await submissionChanges(databaseUrl).wait(id, 2000, request.signal);      // web: resolves on news or after 2 s
 */
import pg from "pg";

export const SUBMISSION_CHANNEL = "clockwise_submission_changed";
/** pg_notify returns void, which Prisma cannot read back; this selects one boolean instead. $1 = submission id. */
export const NOTIFY_SUBMISSION_CHANGED_SQL = `SELECT true AS notified FROM (SELECT pg_notify('${SUBMISSION_CHANNEL}', $1::text)) AS sent`;

export interface SubmissionChanges {
  /** Resolves when `id` changes (a notification arrives), after `ms`, or when `signal` aborts — whichever is first. */
  wait(id: string, ms: number, signal?: AbortSignal): Promise<void>;
  /** True while the LISTEN connection is up (otherwise callers should poll at their fast rate). */
  readonly listening: boolean;
  close(): Promise<void>;
}

function createSubmissionChanges(databaseUrl: string): SubmissionChanges {
  const waiters = new Map<string, Set<() => void>>();
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let connecting: Promise<void> | undefined;
  /** Reconnects are attempted lazily, by the next wait() after this time (no timer: nothing runs in the background). */
  let nextAttemptAt = 0;
  let retryMs = 1_000;

  const wakeAll = () => {
    for (const set of waiters.values()) for (const wake of set) wake();
  };

  const backOff = () => {
    nextAttemptAt = Date.now() + retryMs;
    retryMs = Math.min(30_000, retryMs * 2);
  };

  const connect = (): Promise<void> =>
    (connecting ??= (async () => {
      const next = new pg.Client({ connectionString: databaseUrl, keepAlive: true, application_name: "clockwise-submission-events" });
      next.on("notification", (message) => {
        if (message.channel !== SUBMISSION_CHANNEL || !message.payload) return;
        for (const wake of waiters.get(message.payload) ?? []) wake();
      });
      next.on("error", () => undefined); // "end" follows
      next.on("end", () => {
        if (client !== next) return;
        client = undefined;
        listening = false;
        backOff();
        wakeAll(); // something may have changed unseen; every stream loads once (and its next wait reconnects)
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${SUBMISSION_CHANNEL}`);
        client = next;
        listening = true;
        retryMs = 1_000;
      } catch (error) {
        await next.end().catch(() => undefined);
        backOff();
        throw error;
      } finally {
        connecting = undefined;
      }
    })());

  return {
    get listening() {
      return listening;
    },
    wait(id, ms, signal) {
      if (!client && !connecting && !closed && Date.now() >= nextAttemptAt) void connect().catch(() => undefined);
      return new Promise<void>((resolve) => {
        let set = waiters.get(id);
        if (!set) waiters.set(id, (set = new Set()));
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          set!.delete(done);
          if (set!.size === 0) waiters.delete(id);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener("abort", done, { once: true });
        set.add(done);
      });
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
