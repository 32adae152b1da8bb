/**
 * The playground's Generate mode (lib/use-cases/playground/generate-text.ts) on the tiny decoder fixture: the
 * cache on and off give the same tokens, the cache computes prompt + n − 1 positions while recomputation grows with
 * every step, the streamed text pieces join to the final text, and bad requests are refused before any work.
 */
import path from "node:path";
import { createEngine, type Engine } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { GENERATION_LIMITS, type GenerationEvent, startGeneration } from "@/lib/use-cases/playground/generate-text";
import { LOAD_TIMEOUT_MS, REPO } from "./support";

const FIXTURE_DIR = path.join(REPO, "tests/engine/fixtures/gpt-models");

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ modelsDir: FIXTURE_DIR, batchWindowMs: 0, threads: 1 });
}, LOAD_TIMEOUT_MS);
afterAll(() => engine?.close());

async function collect(input: unknown, signal?: AbortSignal): Promise<GenerationEvent[]> {
  const run = await startGeneration(input, { engine });
  const events: GenerationEvent[] = [];
  for await (const event of run.events(signal)) events.push(event);
  return events;
}

const tokensOf = (events: GenerationEvent[]) => events.flatMap((e) => (e.type === "token" ? [e] : []));
const doneOf = (events: GenerationEvent[]) => events.find((e): e is Extract<GenerationEvent, { type: "done" }> => e.type === "done")!;

describe("playground generation", () => {
  test.each(["hello the thing", "我喜欢机器学习"])("cache on and off give the same greedy tokens for %j; only the work differs", async (prompt) => {
    const promptTokens = (engine.tokenize("gpt", prompt) as { input_ids: number[] }).input_ids.length;
    const on = await collect({ model: "gpt", prompt, maxNewTokens: 12, cache: true });
    const off = await collect({ model: "gpt", prompt, maxNewTokens: 12, cache: false });
    expect(tokensOf(on).map((t) => t.id)).toEqual(tokensOf(off).map((t) => t.id));
    expect(on[0]).toEqual({ type: "start", model: "gpt", cache: true, promptTokens, maxNewTokens: 12 });

    const n = tokensOf(on).length;
    expect(n).toBeGreaterThan(0);
    expect(tokensOf(on).map((t) => t.phase)).toEqual(["prefill", ...new Array(n - 1).fill("decode")]);
    expect(tokensOf(on).map((t) => t.tokensSent)).toEqual([promptTokens, ...new Array(n - 1).fill(1)]);
    expect(doneOf(on).tokensSent).toBe(promptTokens + n - 1);
    expect(tokensOf(off).every((t) => t.phase === "recompute")).toBe(true);
    expect(tokensOf(off).map((t) => t.tokensSent)).toEqual(tokensOf(off).map((_, i) => promptTokens + i));

    for (const events of [on, off]) {
      const done = doneOf(events);
      expect(events[events.length - 1]).toBe(done);
      expect(done.tokens).toBe(n);
      expect(done.finishReason).toBe(tokensOf(events).at(-1)!.id === engine.info("gpt").eos_id ? "eos" : "length");
      // The streamed pieces are a prefix of the final text (a trailing incomplete character may still be held back).
      expect(done.text.startsWith(tokensOf(events).map((t) => t.text).join(""))).toBe(true);
      expect(done.tpotMs === null ? n === 1 : done.tpotMs >= 0).toBe(true);
    }
  });

  test("the draft model generates too", async () => {
    const events = await collect({ model: "gpt-draft", prompt: "the", maxNewTokens: 3, cache: true });
    expect(tokensOf(events).length).toBeGreaterThan(0);
    expect(tokensOf(events).length).toBeLessThanOrEqual(3);
  });

  test("an aborted request stops generating", async () => {
    const stop = new AbortController();
    const run = await startGeneration({ model: "gpt", prompt: "hello", maxNewTokens: 20, cache: true }, { engine });
    const seen: GenerationEvent[] = [];
    for await (const event of run.events(stop.signal)) {
      seen.push(event);
      if (event.type === "token") stop.abort();
    }
    expect(tokensOf(seen)).toHaveLength(1);
    expect(seen.some((e) => e.type === "done")).toBe(false);
  });

  test.each([
    ["an empty prompt", { model: "gpt", prompt: "", maxNewTokens: 4, cache: true }, "prompt"],
    ["a prompt over the character limit", { model: "gpt", prompt: "a".repeat(GENERATION_LIMITS.maxPromptChars + 1), maxNewTokens: 4, cache: true }, "prompt"],
    ["too many new tokens", { model: "gpt", prompt: "hi", maxNewTokens: GENERATION_LIMITS.maxNewTokens + 1, cache: true }, "maxNewTokens"],
    ["a fractional token count", { model: "gpt", prompt: "hi", maxNewTokens: 2.5, cache: true }, "maxNewTokens"],
    ["a missing cache switch", { model: "gpt", prompt: "hi", maxNewTokens: 2 }, "cache"],
    ["an unknown model", { model: "nope", prompt: "hi", maxNewTokens: 2, cache: true }, "model"],
  ])("%s is refused with INVALID_INPUT naming the field", async (_name, input, field) => {
    const refusal = startGeneration(input, { engine });
    await expect(refusal).rejects.toBeInstanceOf(AppError);
    await expect(refusal).rejects.toMatchObject({ code: "INVALID_INPUT", fields: { [field]: expect.any(Array) } });
  });

  test("a prompt longer than the token bound is refused", async () => {
    // Spaces between letters make one token per character or more with any BPE vocabulary.
    const prompt = Array.from({ length: GENERATION_LIMITS.maxPromptTokens + 1 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(" ");
    const info = engine.info("gpt");
    // tokenize stops at max_length: a prompt that fills it (the fixture's is 64) is as much too long as one over 128.
    expect((engine.tokenize("gpt", prompt) as { input_ids: number[] }).input_ids.length).toBeGreaterThanOrEqual(Math.min(GENERATION_LIMITS.maxPromptTokens + 1, info.max_length));
    await expect(startGeneration({ model: "gpt", prompt, maxNewTokens: 2, cache: true }, { engine })).rejects.toMatchObject({ code: "INVALID_INPUT", fields: { prompt: ["too many tokens"] } });
  });

  test("a prompt that leaves too little room for the new tokens is refused", async () => {
    const prompt = "a b c d e f g h i j k l m n o p q r s t u v w x y z";
    const room = engine.info("gpt").max_length - (engine.tokenize("gpt", prompt) as { input_ids: number[] }).input_ids.length;
    expect(room).toBeLessThan(GENERATION_LIMITS.maxNewTokens); // the fixture's max_length is small enough
    await expect(startGeneration({ model: "gpt", prompt, maxNewTokens: room + 1, cache: true }, { engine })).rejects.toMatchObject({ code: "INVALID_INPUT", fields: { maxNewTokens: expect.any(Array) } });
    await expect(startGeneration({ model: "gpt", prompt, maxNewTokens: room, cache: true }, { engine })).resolves.toMatchObject({ promptTokens: engine.info("gpt").max_length - room });
  });
});
