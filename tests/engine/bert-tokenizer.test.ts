/**
 * The BERT tokenizer must behave like the reference BERT tokenizer: lowercase, accents stripped,
 * CJK one character per token, punctuation split, greedy longest-match word pieces, [UNK] for
 * words it cannot piece, truncation keeping [SEP].
 */
import path from "node:path";
import { createEngine, type Engine, type BertTokenizeResult } from "@/lib/engine";
import { encodeTexts } from "@/lib/engine/text-inputs";
import { LOAD_TIMEOUT_MS, modelSets, referenceTokenize } from "./support";

const TRICKY_TEXTS = [
  "Hello, World!",
  "Café Naïve résumé",
  "我喜欢机器学习 and BERT-style tokenization.",
  "unaffable playing cats",
  "a".repeat(300),
  "a".repeat(100),
  "",
  "  \t\n  ",
  "zero\u200bwidth and a bell\u0007 and a nul\u0000!",
  "𠀀中文 supplementary ideographs",
  "[CLS] typed by a user [MASK]",
  "I ❤️ NLP 😀",
  "don't stop... ¿qué? «quoted» — dash",
  "ＦＵＬＬ－ＷＩＤＴＨ １２３",
  "e\u0301 combining accent, ﬁ ligature, Ⅸ numeral",
  "数字123和English混合mixed文本",
];

describe.each(modelSets())("BERT tokenizer on $label", (set) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ modelsDir: set.dir, batchWindowMs: 0 });
  }, LOAD_TIMEOUT_MS);
  afterAll(() => engine?.close());

  const bert = (text: string, maxLength?: number) => engine.tokenize(set.bert, text, { maxLength }) as BertTokenizeResult;

  test.each([set.bert, set.bertCls])("%s matches the reference tokenizer on tricky text", (model) => {
    const maxLength = engine.info(model).max_length;
    const expected = referenceTokenize(path.join(set.dir, model, "vocab.txt"), TRICKY_TEXTS, maxLength);
    TRICKY_TEXTS.forEach((text, i) => {
      const actual = engine.tokenize(model, text) as BertTokenizeResult;
      expect({ text, tokens: actual.tokens, ids: actual.input_ids }).toEqual({ text, tokens: expected[i].tokens, ids: expected[i].input_ids });
      expect(actual.attention_mask).toEqual(actual.input_ids.map(() => 1));
      expect(actual.token_type_ids).toEqual(actual.input_ids.map(() => 0));
    });
  });

  test("lowercases, strips accents and splits CJK one character per token", () => {
    const tokens = bert("Café Naïve 中国").tokens;
    expect(tokens[0]).toBe("[CLS]");
    expect(tokens.slice(1, -1).join(" ")).not.toMatch(/[A-ZÉÏéï\u0300-\u036f]/);
    expect(tokens.slice(-3)).toEqual(["中", "国", "[SEP]"]);
  });

  test("a 300-character word becomes a single [UNK]", () => {
    expect(bert("a".repeat(300)).tokens).toEqual(["[CLS]", "[UNK]", "[SEP]"]);
  });

  test("an empty string gives [CLS] [SEP]", () => {
    const result = bert("");
    expect(result.tokens).toEqual(["[CLS]", "[SEP]"]);
    expect(result.attention_mask).toEqual([1, 1]);
  });

  test("truncation keeps [SEP] last and respects maxLength", () => {
    const long = "hello world ".repeat(200);
    const full = bert(long);
    expect(full.input_ids).toHaveLength(engine.info(set.bert).max_length);
    const short = bert(long, 6);
    expect(short.tokens).toHaveLength(6);
    expect(short.tokens[0]).toBe("[CLS]");
    expect(short.tokens[5]).toBe("[SEP]");
    expect(short.tokens.slice(1, 5)).toEqual(full.tokens.slice(1, 5));
  });

  test("batches are padded with the pad id and masked with 0", () => {
    const loaded = (engine as unknown as { slots: Map<string, { model: Parameters<typeof encodeTexts>[0] }> }).slots.get(set.bert)!.model;
    const encoded = encodeTexts(loaded, ["hello", "hello world, hello world"]);
    const batch = encoded.batch!;
    const lengths = encoded.encodings.map((e) => e.input_ids.length);
    expect(batch.rows).toBe(2);
    expect(batch.seq).toBe(Math.max(...lengths));
    const mask = Array.from(batch.inputs.attention_mask, Number);
    const ids = Array.from(batch.inputs.input_ids, Number);
    const short = lengths[0];
    expect(mask.slice(0, batch.seq)).toEqual([...Array(short).fill(1), ...Array(batch.seq - short).fill(0)]);
    expect(ids.slice(short, batch.seq)).toEqual(Array(batch.seq - short).fill(loaded.padId));
    expect(mask.slice(batch.seq)).toEqual(Array(batch.seq).fill(1));
    expect(encoded.tokens).toBe(lengths[0] + lengths[1]);
  });
});

describe("BERT tokenizer exact values on the fixture vocabulary", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ modelsDir: modelSets()[0].dir, batchWindowMs: 0 });
  }, LOAD_TIMEOUT_MS);
  afterAll(() => engine?.close());

  test.each([
    { text: "Café Naïve", tokens: ["[CLS]", "cafe", "naive", "[SEP]"] },
    { text: "unaffable playing", tokens: ["[CLS]", "un", "##aff", "##able", "play", "##ing", "[SEP]"] },
    { text: "Hello, world!", tokens: ["[CLS]", "hello", ",", "world", "!", "[SEP]"] },
    { text: "我喜欢BERT", tokens: ["[CLS]", "我", "喜", "欢", "bert", "[SEP]"] },
    { text: "𠀀中", tokens: ["[CLS]", "𠀀", "中", "[SEP]"] },
    { text: "xyzzy 😀", tokens: ["[CLS]", "x", "##y", "##z", "##z", "##y", "[UNK]", "[SEP]"] },
    { text: "xyzzy😀", tokens: ["[CLS]", "[UNK]", "[SEP]"] },
  ])("$text", ({ text, tokens }) => {
    expect((engine.tokenize("tiny-bert", text) as BertTokenizeResult).tokens).toEqual(tokens);
  });
});
