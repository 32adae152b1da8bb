/** Word2Vec tokenization exact values, and the process-wide engine singleton. */
import { createEngine, type Engine, getEngine, LIMITS, type Word2VecTokenizeResult } from "@/lib/engine";
import { FIXTURES_DIR, LOAD_TIMEOUT_MS } from "./support";

describe("word2vec tokenization on the fixture vocabulary", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ modelsDir: FIXTURES_DIR, batchWindowMs: 0 });
  }, LOAD_TIMEOUT_MS);
  afterAll(() => engine?.close());

  const tokenize = (text: string, maxLength?: number) => engine.tokenize("tiny-word2vec", text, { maxLength }) as Word2VecTokenizeResult;

  test.each([
    { text: "我喜欢吃饭 Hello, World! 猫", input_ids: [1, 2, 3, 4, 5], oov: ["猫"] },
    { text: "ＨＥＬＬＯ　ｗｏｒｌｄ", input_ids: [4, 5], oov: [] },
    { text: "The cat sat on the mat.", input_ids: [11, 12, 13, 14, 11, 15], oov: [] },
    { text: "[PAD] [pad]", input_ids: [], oov: ["pad", "pad"] },
    { text: "", input_ids: [], oov: [] },
  ])("$text", ({ text, input_ids, oov }) => {
    const result = tokenize(text);
    expect(result.input_ids).toEqual(input_ids);
    expect(result.oov).toEqual(oov);
    expect(result.attention_mask).toEqual(input_ids.map(() => 1));
    expect(result.tokens).toHaveLength(input_ids.length);
  });

  test("maxLength keeps the first in-vocabulary words", () => {
    expect(tokenize("the cat sat on the mat", 3).tokens).toEqual(["the", "cat", "sat"]);
  });

  // max_length bounds one forward row, not a text: tokenize returns every in-vocabulary word and the
  // caller chunks (the semantic-vector task grades exactly that).
  test("tokenize returns every in-vocabulary word, past the model's max_length", () => {
    const { max_length } = engine.info("tiny-word2vec");
    const words = Array.from({ length: 3 * max_length + 1 }, (_, i) => (i % 2 === 0 ? "cat" : "qwxz"));
    const result = tokenize(words.join(" "));
    expect(result.input_ids).toHaveLength(3 * (max_length / 2) + 1);
    expect(result.input_ids.length).toBeGreaterThan(max_length);
    expect(result.oov).toHaveLength(3 * (max_length / 2));
    expect(tokenize(words.join(" "), max_length + 1).input_ids).toHaveLength(max_length + 1);
  });

  test("a requested maxLength may go up to the text limit, not past it", () => {
    expect(() => tokenize("cat", LIMITS.maxTextChars)).not.toThrow();
    expect(() => tokenize("cat", LIMITS.maxTextChars + 1)).toThrow(/exceeds the tokenize limit/);
  });

  test("one forward row still takes at most max_length ids", async () => {
    const { max_length } = engine.info("tiny-word2vec");
    const ids = tokenize(new Array(max_length + 1).fill("cat").join(" ")).input_ids;
    await expect(engine.forward("tiny-word2vec", { input_ids: [ids] })).rejects.toThrow(/exceeds model "tiny-word2vec" max_length/);
    await expect(engine.forward("tiny-word2vec", { input_ids: [ids.slice(0, max_length)] })).resolves.toBeDefined();
  });
});

describe("getEngine", () => {
  const saved = process.env.CLOCKWISE_MODELS_DIR;
  beforeAll(() => {
    process.env.CLOCKWISE_MODELS_DIR = FIXTURES_DIR;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CLOCKWISE_MODELS_DIR;
    else process.env.CLOCKWISE_MODELS_DIR = saved;
  });

  test("returns one shared engine until it is closed, then a fresh one", async () => {
    const [a, b] = await Promise.all([getEngine(), getEngine()]);
    expect(a).toBe(b);
    expect(a.config.modelsDir).toBe(FIXTURES_DIR);
    await a.close();
    const c = await getEngine();
    expect(c).not.toBe(a);
    expect(c.listModels()).toHaveLength(3);
    await c.close();
  }, LOAD_TIMEOUT_MS);
});
