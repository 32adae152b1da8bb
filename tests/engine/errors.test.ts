/**
 * Every bad request gets an EngineError with the right code and a message that says what was wrong,
 * and never breaks the engine for the next request.
 */
import { createEngine, type Engine, EngineError, type EngineErrorCode, LIMITS } from "@/lib/engine";
import { LOAD_TIMEOUT_MS, modelSets } from "./support";

type Case = { name: string; call: (engine: Engine) => unknown; code: EngineErrorCode; message?: RegExp };

describe.each(modelSets())("bad requests on $label", (set) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ modelsDir: set.dir, batchWindowMs: 1 });
  }, LOAD_TIMEOUT_MS);
  afterAll(() => engine?.close());

  const ids = () => engine.info(set.bert).vocab_size;
  const max = () => engine.info(set.bert).max_length;
  const anyEngine = (e: Engine) => e as unknown as Record<string, (...args: unknown[]) => unknown>;

  const cases: Case[] = [
    { name: "unknown model in tokenize", call: (e) => e.tokenize("gpt-5", "hi"), code: "UNKNOWN_MODEL", message: /unknown model "gpt-5"; available: / },
    { name: "unknown model in embed", call: (e) => e.embed("gpt-5", ["hi"]), code: "UNKNOWN_MODEL" },
    { name: "unknown model in forward", call: (e) => e.forward("", { input_ids: [[1]] }), code: "UNKNOWN_MODEL" },
    { name: "model name that is not a string", call: (e) => anyEngine(e).info({ toString: () => set.bert }), code: "UNKNOWN_MODEL", message: /unknown model object;/ },
    { name: "a huge model name is not echoed whole", call: (e) => e.info("m".repeat(100_000)), code: "UNKNOWN_MODEL", message: /^unknown model "m{64}"…; available: [^m]/ },
    { name: "labels of an encoder", call: (e) => e.labels(set.bert), code: "UNSUPPORTED", message: /has no labels/ },
    { name: "classify with an encoder", call: (e) => e.classify(set.word2vec, ["hi"]), code: "UNSUPPORTED", message: /logits/ },
    { name: "embed with a classifier", call: (e) => e.embed(set.bertCls, ["hi"]), code: "UNSUPPORTED" },
    { name: "tokenize a number", call: (e) => anyEngine(e).tokenize(set.bert, 42), code: "INVALID_INPUT", message: /must be a string/ },
    { name: "tokenize 100k+ characters", call: (e) => e.tokenize(set.bert, "x".repeat(LIMITS.maxTextChars + 1)), code: "TOO_LARGE", message: /characters; the limit is/ },
    { name: "maxLength 0", call: (e) => e.tokenize(set.bert, "hi", { maxLength: 0 }), code: "INVALID_INPUT", message: /maxLength must be an integer ≥ 3/ },
    { name: "maxLength not an integer", call: (e) => e.tokenize(set.bert, "hi", { maxLength: 4.5 }), code: "INVALID_INPUT" },
    { name: "maxLength above the model's", call: (e) => e.tokenize(set.bert, "hi", { maxLength: max() + 1 }), code: "TOO_LARGE", message: /exceeds model/ },
    { name: "embed no texts", call: (e) => e.embed(set.word2vec, []), code: "INVALID_INPUT", message: /must not be empty/ },
    { name: "embed a string instead of a list", call: (e) => anyEngine(e).embed(set.word2vec, "hi"), code: "INVALID_INPUT", message: /list of strings/ },
    { name: "embed a non-string text", call: (e) => anyEngine(e).embed(set.bert, ["ok", null]), code: "INVALID_INPUT", message: /texts\[1\] must be a string, got null/ },
    { name: "embed 65 texts", call: (e) => e.embed(set.bert, new Array(65).fill("hi")), code: "TOO_LARGE", message: /65 texts exceed the limit of 64/ },
    { name: "embed an oversized text", call: (e) => e.embed(set.bert, ["ok", "y".repeat(LIMITS.maxTextChars + 1)]), code: "TOO_LARGE" },
    { name: "classify labels of the wrong length", call: (e) => e.classify(set.bertCls, ["a", "b"], { labels: [0] }), code: "INVALID_INPUT", message: /one class index per text/ },
    { name: "classify label out of range", call: (e) => e.classify(set.bertCls, ["a"], { labels: [99] }), code: "INVALID_INPUT", message: /labels\[0\] = 99/ },
    { name: "classify label as a bigint", call: (e) => anyEngine(e).classify(set.bertCls, ["a"], { labels: [1n] }), code: "INVALID_INPUT", message: /labels\[0\] = 1n/ },
    { name: "classify label not an integer", call: (e) => e.classify(set.bertCls, ["a"], { labels: [0.5] }), code: "INVALID_INPUT" },
    { name: "forward inputs null", call: (e) => anyEngine(e).forward(set.bert, null), code: "INVALID_INPUT", message: /must be an object/ },
    { name: "forward inputs an array", call: (e) => anyEngine(e).forward(set.bert, [[1, 2]]), code: "INVALID_INPUT", message: /got an array/ },
    { name: "forward unknown input name", call: (e) => e.forward(set.bert, { input_ids: [[1]], position_ids: [[0]] }), code: "INVALID_INPUT", message: /no input "position_ids"/ },
    { name: "forward token_type_ids to word2vec", call: (e) => e.forward(set.word2vec, { input_ids: [[1]], token_type_ids: [[0]] }), code: "INVALID_INPUT" },
    { name: "forward without input_ids", call: (e) => e.forward(set.bert, { attention_mask: [[1]] }), code: "INVALID_INPUT", message: /need "input_ids"/ },
    { name: "forward rank-1 ids", call: (e) => e.forward(set.bert, { input_ids: [2, 5, 3] }), code: "INVALID_INPUT", message: /wrap one sequence as \[\[…ids\]\]/ },
    { name: "forward rank-3 ids", call: (e) => e.forward(set.bert, { input_ids: [[[2]]] }), code: "INVALID_INPUT", message: /input_ids\[0\]\[0\]/ },
    { name: "forward empty batch", call: (e) => e.forward(set.bert, { input_ids: [] }), code: "INVALID_INPUT" },
    { name: "forward empty row", call: (e) => e.forward(set.bert, { input_ids: [[]] }), code: "INVALID_INPUT", message: /must not be empty/ },
    { name: "forward ragged rows", call: (e) => e.forward(set.bert, { input_ids: [[2, 3], [2]] }), code: "INVALID_INPUT", message: /not rectangular/ },
    { name: "forward id out of range", call: (e) => e.forward(set.bert, { input_ids: [[2, ids()]] }), code: "INVALID_INPUT", message: /input_ids\[0\]\[1\] = \d+: token ids must be integers in \[0, \d+\)/ },
    { name: "forward negative id", call: (e) => e.forward(set.word2vec, { input_ids: [[-1]] }), code: "INVALID_INPUT" },
    { name: "forward fractional id", call: (e) => e.forward(set.bert, { input_ids: [[1.5]] }), code: "INVALID_INPUT" },
    { name: "forward NaN id", call: (e) => e.forward(set.bert, { input_ids: [[NaN]] }), code: "INVALID_INPUT" },
    { name: "forward string id", call: (e) => e.forward(set.bert, { input_ids: [["1"]] }), code: "INVALID_INPUT", message: /= "1"/ },
    { name: "forward bigint id", call: (e) => e.forward(set.bert, { input_ids: [[2n, 3n]] }), code: "INVALID_INPUT", message: /= 2n \(a bigint; use a plain number\)/ },
    { name: "forward huge string id is not echoed whole", call: (e) => e.forward(set.bert, { input_ids: [["7".repeat(10_000)]] }), code: "INVALID_INPUT", message: /= "7{20}…": token ids/ },
    { name: "forward mask value 2", call: (e) => e.forward(set.bert, { input_ids: [[2, 3]], attention_mask: [[1, 2]] }), code: "INVALID_INPUT", message: /0 or 1/ },
    { name: "forward mask of another shape", call: (e) => e.forward(set.bert, { input_ids: [[2, 3]], attention_mask: [[1, 1], [1, 1]] }), code: "INVALID_INPUT", message: /same shape/ },
    { name: "forward segment id out of range", call: (e) => e.forward(set.bert, { input_ids: [[2, 3]], token_type_ids: [[0, 9]] }), code: "INVALID_INPUT" },
    { name: "forward 65 rows", call: (e) => e.forward(set.bert, { input_ids: new Array(65).fill([2, 3]) }), code: "TOO_LARGE", message: /batch of 65/ },
    { name: "forward a sequence over max_length", call: (e) => e.forward(set.bert, { input_ids: [new Array(max() + 1).fill(2)] }), code: "TOO_LARGE", message: /exceeds model/ },
  ];

  test.each(cases)("$name → $code", async ({ call, code, message }) => {
    let caught: unknown;
    try {
      await call(engine);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).code).toBe(code);
    if (message) expect((caught as EngineError).message).toMatch(message);
  });

  test("the engine still answers after every bad request", async () => {
    const { vectors } = await engine.embed(set.bert, ["still fine"]);
    expect(vectors[0]).toHaveLength(engine.info(set.bert).dim);
  });

  test("word2vec forward accepts tokenize()'s attention_mask alongside the ids", async () => {
    const { outputs } = await engine.forward(set.word2vec, { input_ids: [[1, 2]], attention_mask: [[1, 1]] });
    expect((outputs.vectors as number[][][])[0]).toHaveLength(2);
  });
});

test("a closed engine refuses work with CLOSED", async () => {
  const set = modelSets()[0];
  const engine = await createEngine({ modelsDir: set.dir });
  await engine.close();
  await engine.close();
  expect(() => engine.listModels()).toThrow(expect.objectContaining({ code: "CLOSED" }));
  await expect(engine.embed(set.bert, ["hi"])).rejects.toMatchObject({ code: "CLOSED" });
}, LOAD_TIMEOUT_MS);
