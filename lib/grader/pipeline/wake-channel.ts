/**
 * A thin wake-up channel on top of the pg-boss queue (issue 17, ADR 0703): every enqueue also sends
 * `NOTIFY clockwise_grade_queued` — inside the enqueuing transaction, so PostgreSQL delivers it only if that
 * transaction commits — and every grader worker LISTENs on a connection of its own and asks pg-boss to fetch at
 * once. A job therefore reaches an idle worker on any machine within milliseconds; pg-boss's polling stays as the
 * fallback (a lost connection, a notification sent while the worker was reconnecting).
 *
 * @example
 *   const listener = await listenForGradeJobs(databaseUrl, () => wakeAllSlots());
 *   await listener.close();
 */
import pg from "pg";

export const GRADE_CHANNEL = "clockwise_grade_queued";
/** The statement an enqueue runs (through the caller's transaction when there is one). */
/** (pg_notify returns void, which Prisma's raw queries cannot read back; this returns one boolean instead.) */
export const NOTIFY_SQL = `SELECT true AS notified FROM (SELECT pg_notify('${GRADE_CHANNEL}', '')) AS sent`;

export interface GradeJobListener {
  /** Notifications received so far (tests and the bench count them). */
  readonly received: number;
  close(): Promise<void>;
}

/**
 * LISTENs for new grading jobs and calls `wake` for each notification. Reconnects after a lost connection (1 s,
 * then up to 30 s apart) and calls `wake` once after reconnecting, in case a job arrived meanwhile.
 */
export async function listenForGradeJobs(
  databaseUrl: string,
  wake: () => void,
  log: (line: string) => void = () => {},
): Promise<GradeJobListener> {
  let client: pg.Client | undefined;
  let closed = false;
  let received = 0;
  let retryMs = 1_000;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl, keepAlive: true });
    next.on("notification", (message) => {
      if (message.channel !== GRADE_CHANNEL) return;
      received += 1;
      wake();
    });
    next.on("error", () => {
      /* the "end" handler reconnects */
    });
    next.on("end", () => {
      if (closed || client !== next) return;
      client = undefined;
      log(`wake-up channel lost; polling until it is back (retry in ${retryMs} ms)`);
      schedule();
    });
    client = next;
    await next.connect();
    await next.query(`LISTEN ${GRADE_CHANNEL}`);
    retryMs = 1_000;
  };

  const schedule = () => {
    timer = setTimeout(async () => {
      try {
        await connect();
        wake(); // a job may have been queued while we were not listening
      } catch {
        client = undefined;
        retryMs = Math.min(30_000, retryMs * 2);
        if (!closed) schedule();
      }
    }, retryMs);
    timer.unref();
  };

  await connect();
  return {
    get received() {
      return received;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
