/**
 * The BERT tokenizer's work is bounded (issue 15: WordPiece was cubic per word and the whole text was tokenized to
 * keep 126 pieces) without changing a single piece: checked against the unmodified library on random texts mixing
 * vocabulary words, long words, accents, emoji, control and unassigned characters, CJK and odd whitespace.
 */
import fs from "node:fs";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { BertTokenizer, prefixForTokens } from "@/lib/engine/tokenizers/bert-tokenizer";

const dir = path.resolve(__dirname, "../../models/bert");
const json = JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8"));
const config = JSON.parse(fs.readFileSync(path.join(dir, "tokenizer_config.json"), "utf8"));
const SUPPLEMENTARY_CJK = /([\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B820}-\u{2CEAF}\u{2F800}-\u{2FA1F}])/gu;

test("the bounded tokenizer gives exactly the library's pieces on 600 random texts", () => {
  const ours = new BertTokenizer(json, config);
  const library = new Tokenizer(json, config);
  const vocab = Object.keys(json.model.vocab).filter((k: string) => !k.startsWith("["));
  const odd = ["Café", "中文", "机器学习", "\u0000", "\u0301", "🙂", "$$", "a\u2028b", "x\u00a0y", "don't", "\ufffd", "\u200b", "𠀀𠀁", "\u3000", "\u0007", "🇨🇳", "qz".repeat(30) + "x", "a🙂b", "x𝒳y", "\u0378"];
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T,>(list: T[]) => list[Math.floor(rnd() * list.length)];
  let compared = 0;
  for (let i = 0; i < 600; i++) {
    const words: string[] = [];
    const length = Math.floor(rnd() * 250);
    for (let j = 0; j < length; j++) {
      const word = rnd() < 0.4 ? pick(odd) : pick(vocab) + pick(vocab).replace(/^##/, "");
      words.push(word + pick(["", " ", " ", "\n", "\u3000", "\t"]));
    }
    const text = words.join("");
    for (const maxLength of [8, 128, 100_000]) {
      const expected = library.tokenize(text.replace(/\p{Cn}/gu, "").replace(SUPPLEMENTARY_CJK, " $1 "), { add_special_tokens: false }).slice(0, maxLength - 2);
      expect(ours.encode(text, maxLength).tokens.slice(1, -1)).toEqual(expected);
      compared += 1;
    }
  }
  expect(compared).toBe(1_800);
});

test.each([
  ["short text is kept whole", "a b c", 2, "a b c"],
  ["cut after tokens + 1 productive chunks", "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21", 2, "w1 w2 w3"],
  ["chunks of only control or combining characters do not count", "a \u0000 \u0301 b c d e f g h i j k l m n o p q r s t u", 2, "a \u0000 \u0301 b c"],
  ["only BERT whitespace separates (U+2028 does not)", "a\u2028b c d e f g h i j k l m n o p q r s t u v w x", 2, "a\u2028b c d"],
])("prefixForTokens: %s", (_name, text, tokens, expected) => {
  expect(prefixForTokens(text, tokens)).toBe(expected);
});
