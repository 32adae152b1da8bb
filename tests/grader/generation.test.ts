/**
 * Decoding loops graded in the real sandbox against a real decoder (the tiny gpt fixture, so it runs in any
 * checkout; the same code runs on models/gpt): KV-cache handles across the pipe, engine.decode, per-test
 * prefill/decode counters and timing, handles refused when forged, foreign or released, and the caches
 * bounded and freed by the gateway.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { createEngine, type Engine } from "@/lib/engine";
import { EngineGateway } from "@/lib/grader/engine-gateway";
import { packFloats } from "@/lib/grader/float-pack";
import { KvHandleTable } from "@/lib/grader/kv-handles";
import { resolveLimits } from "@/lib/grader/limits";
import { gradeInSandbox } from "@/lib/grader/run-tests";
import type { EngineLike, GradeRequest } from "@/lib/grader/types";

const GPT_FIXTURES = path.resolve(__dirname, "../engine/fixtures/gpt-models");

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ modelsDir: GPT_FIXTURES, batchWindowMs: 0, threads: 1 });
}, 60_000);
afterAll(() => engine?.close());

const grade = (request: Omit<GradeRequest, "engine" | "checker"> & Partial<Pick<GradeRequest, "checker">>) =>
  gradeInSandbox({ checker: { type: "exact" }, engine, ...request });

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Greedy decoding on the host with the cache: the expected output of the solutions below. */
async function hostGreedy(prompt: string, maxNew: number): Promise<number[]> {
  const eos = engine.info("gpt").eos_id!;
  let { outputs } = await engine.forward("gpt", { input_ids: [engine.tokenize("gpt", prompt).input_ids], past: null });
  const ids: number[] = [];
  while (ids.length < maxNew) {
    const next = argmax((outputs.logits as number[][])[0]);
    ids.push(next);
    if (next === eos) break;
    ({ outputs } = await engine.forward("gpt", { input_ids: [[next]], past: outputs.past }));
  }
  return ids;
}

const PY_CACHED = `
def greedy(prompt, max_new, engine):
    eos = engine.info("gpt")["eos_id"]
    out = engine.forward("gpt", {"input_ids": [engine.tokenize("gpt", prompt)["input_ids"]], "past": None})
    ids = []
    while len(ids) < max_new:
        row = out["logits"][0]
        nxt = max(range(len(row)), key=lambda i: (row[i], -i))
        ids.append(nxt)
        if nxt == eos or len(ids) == max_new:
            break
        out = engine.forward("gpt", {"input_ids": [[nxt]], "past": out["past"]})
    return {"ids": ids, "text": engine.decode("gpt", ids)}
`;

const JS_CACHED = `
async function greedy(prompt, maxNew, engine) {
  const eos = (await engine.info("gpt")).eos_id;
  let out = await engine.forward("gpt", { input_ids: [(await engine.tokenize("gpt", prompt)).input_ids], past: null });
  const ids = [];
  while (ids.length < maxNew) {
    const row = out.logits[0];
    let nxt = 0;
    for (let i = 1; i < row.length; i++) if (row[i] > row[nxt]) nxt = i;
    ids.push(nxt);
    if (nxt === eos || ids.length === maxNew) break;
    out = await engine.forward("gpt", { input_ids: [[nxt]], past: out.past });
  }
  return { ids, text: await engine.decode("gpt", ids) };
}
`;

describe.each([
  { language: "python" as const, code: PY_CACHED },
  { language: "javascript" as const, code: JS_CACHED },
])("a $language decoding loop with the KV cache", ({ language, code }) => {
  test("gets AC, and each test reports its prefill, decode steps and tokens", async () => {
    const cases = [
      { prompt: "hello the thing", maxNew: 12 },
      { prompt: "我喜欢推理", maxNew: 5 },
    ];
    const tests = [];
    for (const c of cases) {
      const ids = await hostGreedy(c.prompt, c.maxNew);
      tests.push({ args: [c.prompt, c.maxNew], expected: { ids, text: engine.decode("gpt", ids) } });
    }
    const result = await grade({ language, code, entry: "greedy", tests });
    expect(result.tests.map((t) => t.error ?? t.diff ?? t.verdict)).toEqual(["AC", "AC"]);
    for (const [i, c] of cases.entries()) {
      const record = result.tests[i];
      const promptLength = engine.tokenize("gpt", c.prompt).input_ids.length;
      const generated = (tests[i].expected as { ids: number[] }).ids.length;
      expect(record.tokens).toBe(promptLength + generated - 1);
      expect(record.generation).toMatchObject({
        prefillCalls: 1,
        decodeCalls: generated - 1,
        prefillTokens: promptLength,
        decodeTokens: generated - 1,
      });
      expect(record.generation!.steps).toHaveLength(generated - 1);
      expect(record.generation!.ttftMs).toBeGreaterThan(0);
      expect(record.generation!.ttftMs!).toBeLessThanOrEqual(record.wallMs);
      for (const step of record.generation!.steps) expect(step.stepMs).toBeGreaterThanOrEqual(step.forwardMs);
    }
  });
});

test("forged, malformed and foreign handles are refused with a clear EngineError in the program", async () => {
  const leak = await grade({
    language: "python",
    code: `def leak(x, engine):\n    return engine.forward("gpt", {"input_ids": [[1, 2]], "past": None})["past"]\n`,
    entry: "leak",
    tests: [{ args: [0] }],
  });
  const foreign = leak.tests[0].got as string;
  expect(foreign).toMatch(/^kv:1:[0-9a-f]{12}$/);
  const code = `
def probe(past, engine):
    try:
        engine.forward("gpt", {"input_ids": [[3]], "past": past})
        return "accepted"
    except EngineError as error:
        return str(error)
`;
  const result = await grade({
    language: "python",
    code,
    entry: "probe",
    tests: [{ args: [foreign] }, { args: ["kv:1:000000000000"] }, { args: ["not a handle"] }, { args: [[1, 2]] }],
  });
  const messages = result.tests.map((t) => t.got as string);
  expect(messages[0]).toMatch(/unknown KV cache handle kv:1:[0-9a-f]{12}: handles are valid only in the submission/);
  expect(messages[1]).toMatch(/unknown KV cache handle/);
  expect(messages[2]).toMatch(/past must be None\/null \(first call\) or the "past" handle returned by the previous forward call, got "not a handle"/);
  expect(messages[3]).toMatch(/past must be None\/null .* got object/);
});

test("past from one model cannot feed another; decode refuses bad ids; both are the user's errors (RE), not IE", async () => {
  const code = `
function probe(which, engine) {
  if (which === "cross") return engine.forward("gpt-draft", { input_ids: [[1]], past: null }).then((o) => engine.forward("gpt", { input_ids: [[1]], past: o.past }));
  return engine.decode("gpt", [-1]);
}`;
  const result = await grade({ language: "javascript", code, entry: "probe", tests: [{ args: ["cross"] }, { args: ["decode"] }] });
  expect(result.tests.map((t) => t.verdict)).toEqual(["RE", "RE"]);
  expect(result.tests[0].error).toMatch(/EngineError: past was made by model "gpt-draft"/);
  expect(result.tests[1].error).toMatch(/EngineError: ids\[0\] = -1/);
});

describe("the gateway's KV-cache table", () => {
  const limits = (caches: number, mb = 64) => resolveLimits({ engineKvCaches: caches, engineKvMb: mb });
  const forward = (gateway: EngineGateway, past: unknown, id = 1) =>
    gateway.handle({ id, method: "forward", args: ["gpt", { input_ids: [[1, 2, 3]], past }] });

  test("keeps at most engineKvCaches caches: the least recently used is released and says so when used", async () => {
    const gateway = new EngineGateway(engine as unknown as EngineLike, limits(2));
    const handles: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await forward(gateway, null);
      expect(reply.type).toBe("engine_reply");
      handles.push((reply as { value: { past: string } }).value.past);
    }
    expect(gateway.kvCaches.count).toBe(2);
    const released = await forward(gateway, handles[0]);
    expect(released).toMatchObject({ type: "engine_error", message: expect.stringMatching(/KV cache kv:1:\w+ was released: a submission keeps only its 2 most recently used caches/) });
    // Using a handle makes it recent: handles[1] survives the next registration, handles[2] does not.
    expect((await forward(gateway, handles[1])).type).toBe("engine_reply");
    expect((await forward(gateway, handles[2])).type).toBe("engine_error");
    expect(gateway.kvCaches.count).toBe(2);
  });

  test("bounds the bytes held: least recently used caches go first; one cache above the bound is refused", () => {
    const table = new KvHandleTable({ maxCaches: 64, maxBytes: 1000 });
    const [a, b] = [table.register({ bytes: 400 }), table.register({ bytes: 400 })];
    table.resolve(a); // a is now more recent than b
    table.register({ bytes: 400 });
    expect(table.bytes).toBe(800);
    expect(() => table.resolve(b)).toThrow(/was released/);
    expect(table.resolve(a)).toEqual({ bytes: 400 });
    expect(() => table.register({ bytes: 2000 })).toThrow("this KV cache needs 0.00 MiB; the limit is 0.00 MiB per submission (use fewer rows or a shorter sequence)");
    expect(table.size).toBe(2);
  });

  test("releases every cache when the box dies and when the submission ends; later use is refused", async () => {
    const gateway = new EngineGateway(engine as unknown as EngineLike, limits(8));
    const first = (await forward(gateway, null)) as { value: { past: string } };
    expect(gateway.kvCaches.count).toBe(1);
    gateway.releaseCaches();
    expect(gateway.kvCaches).toEqual({ count: 0, bytes: 0 });
    expect(await forward(gateway, first.value.past)).toMatchObject({ type: "engine_error", message: expect.stringMatching(/was released/) });
    await forward(gateway, null);
    gateway.close();
    expect(gateway.kvCaches.count).toBe(0);
    expect(await forward(gateway, null)).toMatchObject({ type: "engine_error", message: expect.stringMatching(/submission has ended/) });
  });

  test("counts prefill and decode calls and their tokens per test", async () => {
    const gateway = new EngineGateway(engine as unknown as EngineLike, limits(8));
    gateway.startTest();
    const prefill = (await forward(gateway, null)) as { value: { past: string } };
    await gateway.handle({ id: 2, method: "forward", args: ["gpt", { input_ids: [[4]], past: prefill.value.past }] });
    await gateway.handle({ id: 3, method: "decode", args: ["gpt", [104, 105], {}] });
    expect(gateway.decoder).toEqual({ prefillCalls: 1, decodeCalls: 1, prefillTokens: 3, decodeTokens: 1 });
    expect(gateway.forwardSpans.map((s) => s.phase)).toEqual(["prefill", "decode"]);
    gateway.startTest();
    expect(gateway.decoder.prefillCalls).toBe(0);
  });
});

test("with a work bound, a loop that recomputes the whole sequence gets WA with the counts; the cached loop gets AC", async () => {
  const recompute = `
def greedy(prompt, max_new, engine):
    ids = engine.tokenize("gpt", prompt)["input_ids"]
    out = []
    while len(out) < max_new:
        row = engine.forward("gpt", {"input_ids": [ids + out], "past": None})["logits"][0]
        out.append(max(range(len(row)), key=lambda i: (row[i], -i)))
    return {"ids": out, "text": engine.decode("gpt", out)}
`;
  const prompt = "hello the thing";
  const ids = await hostGreedy(prompt, 10);
  expect(ids).toHaveLength(10); // the fixture does not hit EOS here: the counts below assume 10 steps
  const promptLength = engine.tokenize("gpt", prompt).input_ids.length;
  const tests = [{ args: [prompt, 10], expected: { ids, text: engine.decode("gpt", ids) } }];
  const workBound = { maxForwardTokens: "prompt + new", generatedPath: "ids" };
  const slow = await grade({ language: "python", code: recompute, entry: "greedy", tests, workBound });
  const recomputed = Array.from({ length: 10 }, (_, i) => promptLength + i).reduce((a, b) => a + b, 0);
  expect(slow.tests[0].verdict).toBe("WA");
  expect(slow.tests[0].diff).toBe(
    `forward processed ${recomputed} tokens in 10 calls; with a KV cache it needs at most ${promptLength + 10} (prompt + new with prompt ${promptLength}, new 10): after the prompt, send only the new token with "past"`,
  );
  expect(slow.tests[0].generation).toMatchObject({ prefillCalls: 10, decodeCalls: 0 });
  const fast = await grade({ language: "python", code: PY_CACHED, entry: "greedy", tests, workBound });
  expect(fast.tests[0].verdict).toBe("AC");
});

test("large outputs cross the pipe as float32 bytes and arrive as exactly the engine's numbers, in both languages", async () => {
  const ids = engine.tokenize("gpt", "exactly the same").input_ids;
  const all = (await engine.forward("gpt", { input_ids: [ids], all_logits: true })).outputs.logits as number[][][];
  const prefill = await engine.forward("gpt", { input_ids: [ids, [0, ...ids.slice(1)]], attention_mask: [ids.map(() => 1), [0, ...ids.slice(1).map(() => 1)]] });
  const step = await engine.forward("gpt", { input_ids: [[5], [6]], past: prefill.outputs.past });
  const host = [all, prefill.outputs.logits, step.outputs.logits];
  const py = `
def logits(ids, engine):
    out = engine.forward("gpt", {"input_ids": [ids], "all_logits": True})["logits"]
    assert type(out[0][0][0]) is float
    mask = [[1] * len(ids), [0] + [1] * (len(ids) - 1)]
    first = engine.forward("gpt", {"input_ids": [ids, [0] + ids[1:]], "attention_mask": mask})
    step = engine.forward("gpt", {"input_ids": [[5], [6]], "past": first["past"]})
    return [out, first["logits"], step["logits"]]
`;
  const js = `
async function logits(ids, engine) {
  const o = await engine.forward("gpt", { input_ids: [ids], all_logits: true });
  if (!Array.isArray(o.logits[0][0])) throw new Error("not a plain array");
  const mask = [ids.map(() => 1), [0, ...ids.slice(1).map(() => 1)]];
  const first = await engine.forward("gpt", { input_ids: [ids, [0, ...ids.slice(1)]], attention_mask: mask });
  const step = await engine.forward("gpt", { input_ids: [[5], [6]], past: first.past });
  return [o.logits, first.logits, step.logits];
}`;
  for (const [language, code] of [["python", py], ["javascript", js]] as const) {
    const result = await grade({ language, code, entry: "logits", tests: [{ args: [ids], expected: host }] });
    expect(result.tests[0].error ?? result.tests[0].diff ?? result.tests[0].verdict).toBe("AC");
  }
});

test.each([
  { name: "small outputs stay JSON", value: [[1, 2, 3]], packed: false },
  { name: "a ragged list stays JSON", value: [new Array(64).fill(0.5), [1]], packed: false },
  { name: "a number float32 cannot hold stays JSON", value: [[...new Array(63).fill(0.5), 0.1]], packed: false },
  { name: "a rectangular float32 list is packed", value: [new Array(32).fill(0.5), new Array(32).fill(-2)], packed: true },
  { name: "NaN and infinities are packed bit for bit", value: [[...new Array(62).fill(1), NaN, -Infinity]], packed: true },
])("packFloats: $name", ({ value, packed }) => {
  const out = packFloats(value) as { $f32?: number[]; b64?: string };
  expect("$f32" in (out ?? {})).toBe(packed);
  if (packed) {
    expect(out.$f32).toEqual([value.length, value[0].length]);
    const back = Array.from(new Float32Array(Uint8Array.from(Buffer.from(out.b64!, "base64")).buffer));
    expect(back).toEqual(value.flat());
  }
});

const REAL_MODELS = path.resolve(__dirname, "../../models");
const realGpt = existsSync(path.join(REAL_MODELS, "gpt", "onnx", "model.onnx"));

(realGpt ? describe : describe.skip)("on the real models/gpt", () => {
  let real: Engine;
  beforeAll(async () => {
    real = await createEngine({ modelsDir: REAL_MODELS, batchWindowMs: 0 });
  }, 120_000);
  afterAll(() => real?.close());

  test("cached greedy loops in Python and JavaScript get AC within prompt + new; the recomputing loop gets WA", async () => {
    const prompts = ["The inference loop", "我喜欢机器学习"];
    const tests: { args: unknown[]; expected: { ids: number[]; text: string } }[] = [];
    for (const prompt of prompts) {
      const eos = real.info("gpt").eos_id!;
      let { outputs } = await real.forward("gpt", { input_ids: [real.tokenize("gpt", prompt).input_ids], past: null });
      const ids: number[] = [];
      while (ids.length < 16) {
        const row = (outputs.logits as number[][])[0];
        const next = row.indexOf(Math.max(...row));
        ids.push(next);
        if (next === eos || ids.length === 16) break;
        ({ outputs } = await real.forward("gpt", { input_ids: [[next]], past: outputs.past }));
      }
      tests.push({ args: [prompt, 16], expected: { ids, text: real.decode("gpt", ids) } });
    }
    const workBound = { maxForwardTokens: "prompt + new", generatedPath: "ids" };
    for (const [language, code] of [["python", PY_CACHED], ["javascript", JS_CACHED]] as const) {
      const result = await gradeInSandbox({ language, code, entry: "greedy", tests, workBound, checker: { type: "exact" }, engine: real });
      expect(result.tests.map((t) => t.error ?? t.diff ?? t.verdict)).toEqual(["AC", "AC"]);
      expect(result.tests[0].generation).toMatchObject({ prefillCalls: 1 });
    }
    const recompute = `
def greedy(prompt, max_new, engine):
    ids = engine.tokenize("gpt", prompt)["input_ids"]
    out = []
    while len(out) < max_new:
        row = engine.forward("gpt", {"input_ids": [ids + out], "past": None})["logits"][0]
        out.append(row.index(max(row)))
        if out[-1] == engine.info("gpt")["eos_id"]:
            break
    return {"ids": out, "text": engine.decode("gpt", out)}
`;
    const slow = await gradeInSandbox({ language: "python", code: recompute, entry: "greedy", tests, workBound, checker: { type: "exact" }, engine: real });
    const wrong = slow.tests.filter((t) => (tests[t.index].expected.ids.length > 1));
    expect(wrong.length).toBeGreaterThan(0);
    for (const t of wrong) expect(t.verdict).toBe("WA");
    for (const t of wrong) expect(t.diff).toMatch(/^forward processed [\d,]+ tokens in \d+ calls; with a KV cache it needs at most \d+ \(prompt \+ new with prompt \d+, new \d+\)/);
  }, 120_000);
});
