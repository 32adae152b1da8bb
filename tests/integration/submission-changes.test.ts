/**
 * The submission event stream's wake-ups (ADR 0906, issue 17 "the verdict as soon as it is stored"): no durations are
 * asserted. Each wait reports why it ended (`changed`, `reconnected`, `timeout`, `aborted`) and the tests assert those
 * reasons: a stream that needed its fallback poll to see a verdict shows up as a `timeout`, however fast the machine.
 *
 * The race this guards: the stream read the submission, and only then started waiting; a NOTIFY delivered while the
 * read was in flight woke nobody, and the verdict reached the page with the 2 s fallback poll (p95 outliers of
 * click → verdict). The read here is a hook that lets the grader's NOTIFY be delivered to this process's listener
 * before the read returns its (now stale) row — the interleaving, made certain instead of left to chance.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import {
  createSubmissionChangesForTest,
  NOTIFY_SUBMISSION_CHANGED_SQL,
  submissionChanges,
  type WakeReason,
} from "@/lib/db/submissions/submission-changes";
import { SLOW_POLL_MS, watchSubmission } from "@/lib/use-cases/submissions/watch-submission";
import { parseEventStream, submissionEventStream } from "@/lib/web/submission-event-stream";

const TEN_MINUTES = 10 * 60 * 1000;
const url = () => process.env.DATABASE_URL!;
let sender: pg.Client;

beforeAll(async () => {
  sender = new pg.Client({ connectionString: url() });
  await sender.connect();
});

afterAll(async () => {
  await sender.end();
  await submissionChanges(url()).close();
});

/** What the grader's result writes send on commit (grading-store.ts), from another connection. */
async function notifyCommitted(id: string): Promise<void> {
  await sender.query(NOTIFY_SUBMISSION_CHANGED_SQL, [id]);
}

/** Sends the NOTIFY and returns once this process's listener has dispatched it (to every watch of `id` at once). */
async function notifyAndDeliver(id: string): Promise<void> {
  const probe = submissionChanges(url()).watch(id);
  try {
    await notifyCommitted(id);
    expect(await probe.wait(TEN_MINUTES)).toBe("changed");
  } finally {
    probe.close();
  }
}

type Row = { status: string; verdict: string | null; score: number | null; tests: { ordinal: number }[] };
const running: Row = { status: "running", verdict: null, score: null, tests: [{ ordinal: 0 }] };
const done: Row = { status: "done", verdict: "AC", score: 1, tests: [{ ordinal: 0 }] };

describe("a notification that lands while the stream reads", () => {
  beforeAll(async () => {
    // Listening before the watches open, so the only wake-ups below are the notifications themselves.
    expect(await submissionChanges(url()).ready()).toBe(true);
  });

  test.each([
    { name: "during the first read (the route's, before the stream starts)", landsDuringRead: 0 },
    { name: "during a later read (after a test row's wake-up)", landsDuringRead: 1 },
  ])("$name: the stream sees the verdict without its fallback poll", async ({ landsDuringRead }) => {
    const id = `race-${randomUUID()}`;
    let stored = false;
    let reads = 0;
    // The read: takes its snapshot, then (at the chosen read) the grader stores the verdict and its NOTIFY reaches
    // this process before the read returns the snapshot, which no longer is the truth.
    const read = async (): Promise<Row> => {
      const snapshot = stored ? done : running;
      if (reads++ === landsDuringRead) {
        stored = true;
        await notifyAndDeliver(id);
      }
      return snapshot;
    };
    const watch = watchSubmission(id); // as the route does: watch, then read
    const first = await read();
    if (landsDuringRead === 1) void notifyCommitted(id); // the test row's notification, while the stream waits
    const reasons: WakeReason[] = [];
    const stream = submissionEventStream({
      first,
      load: read,
      pollMs: SLOW_POLL_MS,
      wake: async (ms, signal) => {
        const reason = await watch.wait(ms, signal);
        reasons.push(reason);
        return reason;
      },
      onClose: watch.close,
    });
    const events = parseEventStream(await new Response(stream).text());
    expect(events.at(-1)).toEqual({ event: "done", data: done });
    expect(reasons).not.toContain("timeout");
    expect(reasons).toEqual(["changed", ...(landsDuringRead === 1 ? ["changed"] : [])]);
    expect(reads).toBe(landsDuringRead + 2);
  });

  test("news while nobody waits is kept once: the next wait returns at once, the one after waits", async () => {
    const id = `pending-${randomUUID()}`;
    const watch = submissionChanges(url()).watch(id);
    try {
      await notifyAndDeliver(id);
      await notifyAndDeliver(id); // two notifications during one read: one more read covers both
      expect(await watch.wait(TEN_MINUTES)).toBe("changed");
      const controller = new AbortController();
      const next = watch.wait(TEN_MINUTES, controller.signal);
      controller.abort();
      expect(await next).toBe("aborted");
      const third = watch.wait(TEN_MINUTES);
      await notifyCommitted(id);
      expect(await third).toBe("changed");
    } finally {
      watch.close();
    }
  });

  test("a watch hears only its own submission, and a closed watch nothing", async () => {
    const mine = `mine-${randomUUID()}`;
    const watch = submissionChanges(url()).watch(mine);
    const closed = submissionChanges(url()).watch(mine);
    closed.close();
    try {
      await notifyAndDeliver(`other-${randomUUID()}`);
      const controller = new AbortController();
      const waiting = watch.wait(TEN_MINUTES, controller.signal);
      await notifyAndDeliver(mine);
      expect(await waiting).toBe("changed");
      expect(await closed.wait(TEN_MINUTES)).toBe("timeout"); // closed: answers at once, never hangs
    } finally {
      watch.close();
    }
  });
});

describe("the LISTEN connection drops and comes back", () => {
  test("the drop wakes every waiter; a NOTIFY sent while deaf is covered by a wake-up on reconnect", async () => {
    const name = `clockwise-submission-events-test-${randomUUID().slice(0, 8)}`;
    let clock = 0; // the reconnect back-off reads this clock: stepped, not slept through
    const changes = createSubmissionChangesForTest(url(), { now: () => clock, applicationName: name });
    const id = `reconnect-${randomUUID()}`;
    const watch = changes.watch(id);
    const other = changes.watch(`reconnect-other-${randomUUID()}`);
    try {
      expect(await changes.ready()).toBe(true);
      // Opening the connection after the watches woke them once (whatever was sent before LISTEN was not heard).
      expect(await watch.wait(TEN_MINUTES)).toBe("reconnected");
      expect(await other.wait(TEN_MINUTES)).toBe("reconnected");

      const waiting = [watch.wait(TEN_MINUTES), other.wait(TEN_MINUTES)];
      const cut = await sender.query("SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = $1", [name]);
      expect(cut.rows).toEqual([{ cut: true }]);
      expect(await Promise.all(waiting)).toEqual(["reconnected", "reconnected"]);
      expect(changes.listening).toBe(false);

      // Deaf: this notification is never heard. The back-off (1 s on the stepped clock) holds the reconnect.
      await notifyCommitted(id);
      const polled = watch.wait(0);
      expect(await polled).toBe("timeout"); // the caller polls (fast) while deaf
      expect(changes.listening).toBe(false);

      // Past the back-off, the next wait reconnects; LISTEN being back wakes it (and every other waiter) at once.
      clock += 1_000;
      const afterReconnect = [watch.wait(TEN_MINUTES), other.wait(TEN_MINUTES)];
      expect(await Promise.all(afterReconnect)).toEqual(["reconnected", "reconnected"]);
      expect(changes.listening).toBe(true);

      // And notifications arrive again.
      const next = watch.wait(TEN_MINUTES);
      await notifyCommitted(id);
      expect(await next).toBe("changed");
    } finally {
      watch.close();
      other.close();
      await changes.close();
    }
  });
});
