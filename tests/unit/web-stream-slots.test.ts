/**
 * Issue 16.5: concurrent event streams are capped per user and per submission, and a stream ends when its session
 * is no longer valid (checked every authorizeEveryMs), with onClose releasing its slot however it ends.
 */
import { StreamSlots } from "@/lib/web/stream-slots";
import { parseEventStream, submissionEventStream } from "@/lib/web/submission-event-stream";

describe("StreamSlots", () => {
  test("per submission and per user caps, and release gives the slot back once", () => {
    const slots = new StreamSlots(3, 2);
    const a = slots.acquire("u1", "s1");
    const b = slots.acquire("u1", "s1");
    expect(a && b).toBeTruthy();
    expect(slots.acquire("u1", "s1")).toBeNull(); // third on the same submission
    expect(slots.acquire("u2", "s1")).toBeNull(); // the cap is per submission, whoever asks
    const c = slots.acquire("u1", "s2");
    expect(c).toBeTruthy();
    expect(slots.acquire("u1", "s3")).toBeNull(); // the user's cap
    a!();
    a!(); // twice is once
    expect(slots.open("u1")).toBe(2);
    expect(slots.acquire("u1", "s1")).toBeTruthy();
  });
});

describe("submissionEventStream and the session", () => {
  const queued = { status: "queued", verdict: null, score: null, tests: [] as { ordinal: number }[] };

  test("ends (without done) once stillAuthorized answers false, and calls onClose", async () => {
    let loads = 0;
    let checks = 0;
    let closed = 0;
    const stream = submissionEventStream({
      first: queued,
      load: async () => (loads++, queued),
      pollMs: 1,
      authorizeEveryMs: 0,
      stillAuthorized: async () => ++checks < 3,
      onClose: () => closed++,
    });
    const events = parseEventStream(await new Response(stream).text());
    expect(events.map((e) => e.event)).toEqual(["status"]);
    expect(checks).toBe(3);
    expect(loads).toBe(2);
    expect(closed).toBe(1);
  });

  test("control: a stream whose session stays valid runs to done", async () => {
    let n = 0;
    const stream = submissionEventStream({
      first: queued,
      load: async () => (++n < 3 ? queued : { status: "done", verdict: "AC", score: 1, tests: [] }),
      pollMs: 1,
      authorizeEveryMs: 0,
      stillAuthorized: async () => true,
    });
    const events = parseEventStream(await new Response(stream).text());
    expect(events.map((e) => e.event)).toEqual(["status", "status", "done"]);
  });
});
