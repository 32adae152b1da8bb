/**
 * Engine work off the worker's event loop (issue 15): the grader's engine runs in an engine host thread with a
 * queue per submission, served round-robin, a budget of waiting requests per submission, and cancellation when a
 * box ends. Real engine (ONNX Runtime in the thread), real sandbox. Everything asserted is a count or an order —
 * which requests ran, how many others ran first — never a time.
 */
import { EngineGateway } from "@/lib/grader/engine-gateway";
import { FairQueue } from "@/lib/grader/engine-host/fair-queue";
import { resolveLimits } from "@/lib/grader/limits";
import { acquireEngineHost, type EngineHost, type HostStats } from "@/lib/grader/engine-host/host";
import { gradeInSandbox } from "@/lib/grader/run-tests";
import { selfTestSolutions } from "@/lib/grader/self-test";
import type { GradeLanguage, GradeRequest, GradeResult } from "@/lib/grader/types";
import { realEngineHost, semanticVector } from "./support/real-engine";

let host: EngineHost;
let tests: { args: unknown[]; expected: number[] }[];
beforeAll(async () => {
  host = await realEngineHost();
  const texts = ["我喜欢机器学习", "The forward pass multiplies the embeddings.", "批处理可以提高吞吐量", "hello world"];
  tests = await Promise.all(texts.map(async (t) => ({ args: [t], expected: await semanticVector(host, t) })));
}, 120_000);
afterAll(() => host.close());

const cosine = { type: "cosine", minSimilarity: 0.999, normTolerance: 1e-3 } as const;
const normal = (language: GradeLanguage) => gradeInSandbox({ language, ...selfTestSolutions[language], tests, checker: cosine, engine: host });
const other = (request: Omit<GradeRequest, "engine" | "checker">) => gradeInSandbox({ checker: { type: "exact" }, engine: host, ...request });

const sessionsBefore = async () => new Set((await host.stats()).sessions.map((s) => s.session));
/** The session opened after `known` (the next submission's), once it satisfies `ready`. */
async function newSession(known: Set<number>, ready: (s: HostStats["sessions"][number]) => boolean) {
  for (;;) {
    const found = (await host.stats()).sessions.find((s) => !known.has(s.session) && ready(s));
    if (found) return found.session;
    await new Promise((r) => setTimeout(r, 5));
  }
}
const statsOf = async (session: number) => (await host.stats()).sessions.find((s) => s.session === session)!;

/** Floods the engine: rounds of 30 concurrent BERT tokenizations of 200 long words, for `ms` per test. */
const FLOOD = `
const long = Array(200).fill("qz".repeat(49) + "x").join(" ");
async function flood(ms, engine) {
  const until = Date.now() + ms;
  let rounds = 0;
  while (Date.now() < until) {
    await Promise.all(Array.from({ length: 30 }, () => engine.tokenize("bert", long)));
    rounds += 1;
  }
  return rounds > 0 ? "flooded" : "no";
}`;

test("in the host thread, ONNX Runtime grades the semantic-vector solutions (Python, JavaScript) with forward time measured there", async () => {
  for (const language of ["python", "javascript"] as const) {
    const result = await normal(language);
    expect(result.verdict).toBe("AC");
    for (const record of result.tests) {
      expect(record.engineCalls).toBeGreaterThanOrEqual(2);
      expect(record.stages.forwardMs).toBeGreaterThan(0);
      // Spans measured in the thread land inside the test as seen from the main thread.
      expect(record.stages.inputMs + record.stages.forwardMs + record.stages.postMs).toBeCloseTo(record.wallMs, 3);
    }
  }
  const { models } = host.loaded;
  expect(models).toEqual(expect.arrayContaining(["word2vec", "bert"]));
}, 120_000);

test("a decoding loop through the host: KV handles work across calls, the trace marks prefill and decode, the caches are freed at the end", async () => {
  const code = `
def greedy(prompt, max_new, engine):
    out = engine.forward("gpt", {"input_ids": [engine.tokenize("gpt", prompt)["input_ids"]], "past": None})
    ids = []
    while len(ids) < max_new:
        row = out["logits"][0]
        nxt = max(range(len(row)), key=lambda i: (row[i], -i))
        ids.append(nxt)
        if len(ids) == max_new:
            break
        out = engine.forward("gpt", {"input_ids": [[nxt]], "past": out["past"]})
    return len(ids)
`;
  const known = await sessionsBefore();
  const result = await other({ language: "python", code, entry: "greedy", tests: [{ args: ["The cat sat on", 6], expected: 6 }] });
  expect(result.verdict).toBe("AC");
  const generation = result.tests[0].generation!;
  expect(generation.prefillCalls).toBe(1);
  expect(generation.decodeCalls).toBe(5);
  expect(generation.decodeTokens).toBe(5);
  expect(result.tests[0].stages.forwardMs).toBeGreaterThan(0);
  const session = await newSession(known, () => true);
  expect(await statsOf(session)).toMatchObject({ closed: true, kv: { count: 0, bytes: 0 }, ran: result.engineCalls, dropped: 0 });
}, 120_000);

test("round-robin: with a flood of queued requests from A, each request of B waits for at most 2 of A's", async () => {
  const known = await sessionsBefore();
  const a = other({ language: "javascript", code: FLOOD, entry: "flood", tests: [{ args: [1_500] }, { args: [1_500] }, { args: [1_500] }, { args: [1_500] }], limits: { timeMsPerTest: 4_000 } });
  const aSession = await newSession(known, (s) => s.queued >= 10);
  const b: GradeResult = await normal("python");
  const bStats = (await host.stats()).sessions.find((s) => !known.has(s.session) && s.session !== aSession)!;
  await a;
  expect(b.verdict).toBe("AC");
  // B's requests arrived behind a queue of A's (FIFO would have made one wait for ≥ 10 of them)…
  expect(bStats.othersQueuedMax).toBeGreaterThanOrEqual(10);
  // …and none waited for more than the one running and the one chosen as its message came in.
  expect(bStats.waitedMax).toBeLessThanOrEqual(2);
  expect(bStats.ran).toBe(b.engineCalls);
}, 120_000);

test("budget: a submission with 100 requests waiting gets 'engine queue full' for those past 32; a neighbour loses nothing", async () => {
  const code = `
const long = Array(200).fill("qz".repeat(49) + "x").join(" ");
async function burst(n, engine) {
  const settled = await Promise.allSettled(Array.from({ length: n }, () => engine.tokenize("bert", long)));
  const refused = settled.filter((s) => s.status === "rejected");
  return { ok: settled.length - refused.length, refused: refused.length, message: refused.length ? String(refused[0].reason.message) : "" };
}`;
  const [a, b] = await Promise.all([other({ language: "javascript", code, entry: "burst", tests: [{ args: [100] }], limits: { timeMsPerTest: 10_000 } }), normal("javascript")]);
  const got = a.tests[0].got as { ok: number; refused: number; message: string };
  expect(a.tests[0].verdict).toBe("AC");
  expect(got.ok + got.refused).toBe(100);
  expect(got.ok).toBeGreaterThanOrEqual(32);
  expect(got.refused).toBeGreaterThan(0);
  expect(got.message).toMatch(/engine queue full: at most 32 requests of a submission may wait at once/);
  expect(b.verdict).toBe("AC");
  expect(b.tests.every((t) => t.engineCalls >= 2)).toBe(true);
}, 120_000);

test("cancellation: when A's box is killed (TLE), its queued requests never reach the engine and its KV cache is freed", async () => {
  // A holds a KV cache, sends 30 forwards (~2.5 KB each, all taken by the socket at once) whose replies are ~270 KB,
  // and stops reading: backpressure holds the rest in the host's queue until the per-test limit kills the box.
  const code = `
async function hog(n, engine) {
  await engine.forward("gpt", { input_ids: [[5, 6, 7]], past: null });
  const ids = [Array.from({ length: 512 }, (_, i) => (i % 400) + 5)];
  for (let i = 0; i < n; i++) engine.forward("word2vec", { input_ids: ids }).catch(() => {});
  for (;;) {} // never reads a reply again
}`;
  const known = await sessionsBefore();
  const result = await other({ language: "javascript", code, entry: "hog", tests: [{ args: [30] }], limits: { timeMsPerTest: 1_500 } });
  expect(result.verdict).toBe("TLE");
  expect(result.engineCalls).toBe(31);
  const aSession = await newSession(known, () => true);
  const after = await statsOf(aSession);
  expect(after.closed).toBe(true);
  expect(after.kv).toEqual({ count: 0, bytes: 0 });
  expect(after.queued).toBe(0);
  // Every request either ran or was dropped unrun. How many ran before backpressure held the rest depends on the
  // kernel's socket buffers; the exact count is proved below with a channel that never drains.
  expect(after.ran + after.dropped).toBe(31);
  expect(after.dropped).toBeGreaterThan(0);
  // Nothing of A runs later: another submission's work goes through, A's count stays.
  expect((await normal("python")).verdict).toBe("AC");
  expect((await statsOf(aSession)).ran).toBe(after.ran);
}, 120_000);

test("cancellation, counted exactly: a box that never takes its replies holds its queue; when it ends, its 29 waiting requests are dropped unrun", async () => {
  const known = await sessionsBefore();
  const gateway = new EngineGateway(host, resolveLimits());
  const never = () => new Promise<void>(() => {}); // the box's channel never drains
  const replies = Array.from({ length: 30 }, (_, i) => gateway.handle({ id: i + 1, method: "tokenize", args: ["word2vec", "机器学习"] }, 100, never));
  const session = await newSession(known, (s) => s.ran === 1 && s.queued === 29);
  gateway.releaseCaches(); // the box died
  for (const reply of await Promise.all(replies.slice(1))) expect(reply).toMatchObject({ type: "engine_error", message: "cancelled: the program ended" });
  expect(await statsOf(session)).toMatchObject({ ran: 1, dropped: 29, queued: 0 });
  // The submission's next box is served; nothing of the first one runs.
  expect((await gateway.handle({ id: 31, method: "info", args: ["word2vec"] }, 100)).type).toBe("engine_reply");
  expect(await statsOf(session)).toMatchObject({ ran: 2, dropped: 29, queued: 0 });
  gateway.close();
}, 120_000);

test("if the host thread dies, a request waiting for it fails as the engine's fault (IE), and a new thread serves the next submission", async () => {
  const gateway = new EngineGateway(host, resolveLimits());
  expect((await gateway.handle({ id: 1, method: "info", args: ["word2vec"] })).type).toBe("engine_reply");
  await host.crashForTests();
  expect(await gateway.handle({ id: 2, method: "info", args: ["word2vec"] })).toMatchObject({ type: "engine_error", message: "internal error in the inference engine" });
  expect(gateway.engineFault).toMatch(/^CLOSED: /);
  gateway.close();
  await host.info("word2vec"); // plain calls wait for the new thread (a submission's requests meanwhile fail as IE)
  expect((await normal("python")).verdict).toBe("AC");
  expect(host.restarts).toBe(1);
}, 120_000);

test("workers of one process share one engine host (models loaded once); it closes when the last releases it", async () => {
  const [a, b] = await Promise.all([acquireEngineHost(), acquireEngineHost()]);
  expect(a.host).toBe(b.host);
  await a.release();
  await a.release(); // twice is once
  expect(a.host.isDead).toBe(false);
  expect(await a.host.labels("bert-cls")).toEqual(expect.any(Array));
  await b.release();
  expect(a.host.isDead).toBe(true);
  const c = await acquireEngineHost();
  expect(c.host).not.toBe(a.host);
  await c.release();
}, 120_000);

test("FairQueue serves sessions in turn, skips a blocked one, and drops a session's queue", () => {
  const queue = new FairQueue<{ session: number; n: number }>();
  for (let n = 1; n <= 5; n++) queue.push({ session: 1, n });
  queue.push({ session: 2, n: 1 });
  queue.push({ session: 2, n: 2 });
  const first = queue.next()!;
  queue.push({ session: 3, n: 1 });
  const served = [first, ...Array.from({ length: 4 }, () => queue.next()!)].map((j) => `${j.session}.${j.n}`);
  expect(served).toEqual(["1.1", "2.1", "1.2", "3.1", "2.2"]);
  queue.block(1);
  expect(queue.next()).toBeUndefined();
  queue.unblock(1);
  expect(queue.next()).toEqual({ session: 1, n: 3 });
  expect(queue.drop(1).map((j) => j.n)).toEqual([4, 5]);
  expect(queue.next()).toBeUndefined();
  expect(queue.size).toBe(0);
});
