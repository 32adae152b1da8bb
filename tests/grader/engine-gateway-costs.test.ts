/**
 * The engine gateway bounds the host work a box can cause (issue 15): text measured after normalisation, oov
 * capped, replies capped, an engine-time budget per submission, requests of a dead box dropped, and replies
 * delivered with backpressure. A fake engine records what actually ran.
 */
import { EngineGateway, MAX_OOV_LISTED } from "@/lib/grader/engine-gateway";
import { resolveLimits } from "@/lib/grader/limits";
import type { EngineLike } from "@/lib/grader/types";

function fakeEngine(overrides: Partial<Record<"tokenize" | "forward", (...args: unknown[]) => Promise<unknown>>> = {}) {
  const ran: string[] = [];
  const engine = {
    tokenize: async (model: string, text: string) => {
      ran.push(`tokenize:${text.length}`);
      return overrides.tokenize ? overrides.tokenize(model, text) : { input_ids: [1], tokens: ["a"], attention_mask: [1], oov: [] };
    },
    forward: async (model: string, inputs: unknown) => {
      ran.push("forward");
      return overrides.forward ? overrides.forward(model, inputs) : { outputs: { vectors: [[[0.5]]] } };
    },
    labels: async () => ["a"],
    info: async () => ({ dim: 1 }),
  } as unknown as EngineLike;
  return { engine, ran };
}

const call = (gateway: EngineGateway, method: string, args: unknown[], id = 1) => gateway.handle({ id, method, args });

test("text is measured after Unicode normalisation: U+FDFA × 2,000 is 36,000 characters under NFKC", async () => {
  const { engine, ran } = fakeEngine();
  const gateway = new EngineGateway(engine, resolveLimits({ engineTextChars: 20_000 }));
  const reply = await call(gateway, "tokenize", ["word2vec", "\ufdfa".repeat(2_000)]);
  expect(reply).toEqual({ type: "engine_error", id: 1, message: expect.stringMatching(/after Unicode normalisation the text has 36000 characters, more than 20000/) });
  expect(ran).toEqual([]);
  expect((await call(gateway, "tokenize", ["word2vec", "plain text"])).type).toBe("engine_reply");
});

test("the oov list of a tokenize reply is capped, with the total in oov_count", async () => {
  const oov = Array.from({ length: 5_000 }, (_, i) => `w${i}`);
  const { engine } = fakeEngine({ tokenize: async () => ({ input_ids: [], tokens: [], attention_mask: [], oov }) });
  const reply = await call(new EngineGateway(engine, resolveLimits()), "tokenize", ["word2vec", "x"]);
  expect(reply.type).toBe("engine_reply");
  const value = (reply as { value: { oov: string[]; oov_count: number } }).value;
  expect(value.oov).toHaveLength(MAX_OOV_LISTED);
  expect(value.oov_count).toBe(5_000);
});

test("a forward reply with more numbers than engineReplyNumbers is refused before it is encoded", async () => {
  const rows = Array.from({ length: 4 }, () => Array.from({ length: 512 }, () => new Array(100).fill(0.1)));
  const { engine } = fakeEngine({ forward: async () => ({ outputs: { vectors: rows } }) });
  const gateway = new EngineGateway(engine, resolveLimits({ engineReplyNumbers: 100_000 }));
  const reply = await call(gateway, "forward", ["word2vec", { input_ids: [[1, 2, 3]] }]);
  expect(reply).toEqual({ type: "engine_error", id: 1, message: expect.stringMatching(/more than 100000 numbers; send fewer rows/) });
});

test("once a submission used its engine time budget, further requests are refused without running", async () => {
  const { engine, ran } = fakeEngine({
    tokenize: () => new Promise((resolve) => setTimeout(() => resolve({ input_ids: [1] }), 60)),
  });
  const gateway = new EngineGateway(engine, resolveLimits({ engineMsTotal: 100 }));
  // Each call takes at least 60 ms, so the budget of 100 ms is used up after two calls at the latest (a slow
  // machine only makes it sooner); the refused call never reaches the engine.
  let refusedAt = 0;
  for (let i = 1; i <= 3 && !refusedAt; i++) {
    const reply = await call(gateway, "tokenize", ["m", "x"], i);
    if (reply.type === "engine_error") {
      expect(reply.message).toMatch(/engine time budget used up: \d+ ms of 100 ms per submission/);
      refusedAt = i;
    }
  }
  expect(refusedAt).toBeGreaterThanOrEqual(2);
  expect(ran).toHaveLength(refusedAt - 1);
  expect(gateway.engineMs).toBeGreaterThan(100);
});

test("requests still queued when their box dies are dropped, not run", async () => {
  let release!: () => void;
  const { engine, ran } = fakeEngine({ tokenize: () => new Promise((resolve) => (release = () => resolve({ input_ids: [1] }))) });
  const gateway = new EngineGateway(engine, resolveLimits());
  const first = call(gateway, "tokenize", ["m", "first"], 1);
  const queued = [call(gateway, "tokenize", ["m", "second"], 2), call(gateway, "forward", ["m", { input_ids: [[1]] }], 3)];
  await new Promise((r) => setImmediate(r));
  gateway.releaseCaches(); // what the runner does when the box dies
  release();
  expect((await first).type).toBe("engine_reply");
  expect(await Promise.all(queued)).toEqual([
    { type: "engine_error", id: 2, message: "cancelled: the program ended" },
    { type: "engine_error", id: 3, message: "cancelled: the program ended" },
  ]);
  expect(ran).toEqual(["tokenize:5"]);
});

test("with a deliver callback the next request waits until the previous reply was taken by the channel", async () => {
  const { engine, ran } = fakeEngine();
  const gateway = new EngineGateway(engine, resolveLimits());
  let drain!: () => void;
  const delivered: number[] = [];
  const deliver = (reply: { id: number }) => {
    delivered.push(reply.id);
    return reply.id === 1 ? new Promise<void>((resolve) => (drain = resolve)) : Promise.resolve();
  };
  const a = gateway.handle({ id: 1, method: "tokenize", args: ["m", "x"] }, 0, deliver);
  const b = gateway.handle({ id: 2, method: "tokenize", args: ["m", "yy"] }, 0, deliver);
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  expect(ran).toEqual(["tokenize:1"]); // the second waits for the first reply to drain
  drain();
  await Promise.all([a, b]);
  expect(ran).toEqual(["tokenize:1", "tokenize:2"]);
  expect(delivered).toEqual([1, 2]);
});
