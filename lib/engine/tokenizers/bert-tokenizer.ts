/**
 * BERT WordPiece tokenization from a Hugging Face tokenizer.json, via @huggingface/tokenizers (pure JS),
 * with truncation and the few fixes needed to match the reference BERT tokenizer exactly.
 */
import { Tokenizer } from "@huggingface/tokenizers";
import type { BertTokenizeResult, TextTokenizer } from "./types";

/** Ideographs outside the BMP (CJK Extensions B–F, compatibility supplement). */
const SUPPLEMENTARY_CJK = /([\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B820}-\u{2CEAF}\u{2F800}-\u{2FA1F}])/gu;
/** Unassigned code points: the reference's clean_text drops every "C*" category, the library misses Cn. */
const UNASSIGNED = /\p{Cn}/gu;

/** BERT's whitespace (space, \t, \n, \r and category Zs) — the only places this file cuts a text. */
const BERT_WHITESPACE_RUN = /[ \t\n\r\p{Zs}]+/gu;
/** A character that always becomes at least one token (a word piece, punctuation or [UNK]). */
const PRODUCTIVE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * The shortest prefix of `text` that still yields at least `tokens` word pieces: every whitespace-separated chunk
 * holding a letter, digit, punctuation or symbol yields one or more, so `tokens` + 1 such chunks are enough.
 * WordPiece costs grow with the square of a word's length, so tokenizing 20,000 characters to keep 126 pieces
 * took ~1.4 s of the worker's event loop; the pieces kept are the same (tests/engine/bert-tokenizer.test.ts).
 */
export function prefixForTokens(text: string, tokens: number): string {
  if (text.length <= tokens * 4) return text;
  let chunks = 0;
  let start = 0;
  BERT_WHITESPACE_RUN.lastIndex = 0;
  for (;;) {
    const match = BERT_WHITESPACE_RUN.exec(text);
    const end = match ? match.index : text.length;
    if (end > start && PRODUCTIVE.test(text.slice(start, end))) {
      chunks += 1;
      if (chunks > tokens) return text.slice(0, end);
    }
    if (!match) return text;
    start = match.index + match[0].length;
  }
}

interface WordPieceModel {
  encode(tokens: string[]): string[];
  tokens_to_ids: Map<string, number>;
  unk_token: string;
  max_input_chars_per_word: number;
  config: { continuing_subword_prefix?: string };
}

/**
 * The library's WordPiece tries every substring of a word from the longest down (cubic in the word's length:
 * ~7 ms for a 99-character word); no substring longer than the longest vocabulary entry can match, so starting
 * from that length gives exactly the same pieces with linear work per position.
 */
function boundWordPiece(model: WordPieceModel): void {
  let longest = 0;
  for (const key of model.tokens_to_ids.keys()) longest = Math.max(longest, [...key].length);
  const prefix = model.config.continuing_subword_prefix ?? "##";
  model.encode = (tokens: string[]): string[] => {
    const out: string[] = [];
    for (const token of tokens) {
      // Code-point boundaries as UTF-16 offsets, so pieces are plain slices of the token.
      const bounds = [0];
      for (const ch of token) bounds.push(bounds[bounds.length - 1] + ch.length);
      const count = bounds.length - 1;
      if (count > model.max_input_chars_per_word) {
        out.push(model.unk_token);
        continue;
      }
      const pieces: string[] = [];
      let start = 0;
      let unknown = false;
      while (start < count) {
        let end = Math.min(count, start + longest);
        let found: string | null = null;
        while (start < end) {
          const piece = (start > 0 ? prefix : "") + token.slice(bounds[start], bounds[end]);
          if (model.tokens_to_ids.has(piece)) {
            found = piece;
            break;
          }
          end -= 1;
        }
        if (found === null) {
          unknown = true;
          break;
        }
        pieces.push(found);
        start = end;
      }
      if (unknown) out.push(model.unk_token);
      else out.push(...pieces);
    }
    return out;
  };
}

type PostProcessor = (tokens: string[], pair: string[] | null, addSpecial: boolean) => { tokens: string[]; token_type_ids?: number[] };

export class BertTokenizer implements TextTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly unkId: number;
  private readonly specialCount: number;
  /** The library splits CJK per UTF-16 unit, so ideographs outside the BMP need spacing first. */
  private readonly spaceSupplementaryCjk: boolean;
  private readonly dropUnassigned: boolean;
  readonly minLength: number;

  /**
   * @example
   * const t = new BertTokenizer(JSON.parse(fs.readFileSync("models/bert/tokenizer.json", "utf8")), {});
   * t.encode("Café 中文", 128).tokens // → ["[CLS]", "cafe", "中", "文", "[SEP]"]
   */
  constructor(tokenizerJson: Record<string, unknown>, tokenizerConfig: Record<string, unknown> = {}) {
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    const wordPiece = (this.tokenizer as unknown as { model?: WordPieceModel }).model;
    if ((tokenizerJson.model as { type?: string } | undefined)?.type === "WordPiece" && wordPiece?.tokens_to_ids instanceof Map) boundWordPiece(wordPiece);
    const model = tokenizerJson.model as { unk_token?: string } | undefined;
    const unk = this.tokenizer.token_to_id(model?.unk_token ?? "[UNK]");
    if (unk === undefined) throw new Error(`tokenizer.json: unknown token "${model?.unk_token}" is not in the vocabulary`);
    this.unkId = unk;
    this.specialCount = this.postProcess([]).tokens.length;
    this.minLength = this.specialCount + 1;
    const normalizer = tokenizerJson.normalizer as { type?: string; handle_chinese_chars?: boolean; clean_text?: boolean } | null;
    this.spaceSupplementaryCjk = normalizer?.type === "BertNormalizer" && normalizer.handle_chinese_chars !== false;
    this.dropUnassigned = normalizer?.type === "BertNormalizer" && normalizer.clean_text !== false;
  }

  private postProcess(tokens: string[]): { tokens: string[]; token_type_ids: number[] } {
    const postProcessor = this.tokenizer.post_processor as unknown as PostProcessor | null;
    if (!postProcessor) return { tokens, token_type_ids: tokens.map(() => 0) };
    const processed = postProcessor(tokens, null, true);
    return { tokens: processed.tokens, token_type_ids: processed.token_type_ids ?? processed.tokens.map(() => 0) };
  }

  /** Word pieces of the text with [CLS]/[SEP], content truncated so the whole fits in maxLength. */
  encode(text: string, maxLength: number): BertTokenizeResult {
    const budget = Math.max(0, maxLength - this.specialCount);
    let prepared = prefixForTokens(text, budget);
    if (this.dropUnassigned) prepared = prepared.replace(UNASSIGNED, "");
    if (this.spaceSupplementaryCjk) prepared = prepared.replace(SUPPLEMENTARY_CJK, " $1 ");
    const pieces = this.tokenizer.tokenize(prepared, { add_special_tokens: false });
    // Truncate the content, never the template, so [SEP] is always last.
    const kept = pieces.slice(0, budget);
    const { tokens, token_type_ids } = this.postProcess(kept);
    const input_ids = tokens.map((token) => this.tokenizer.token_to_id(token) ?? this.unkId);
    return { input_ids, attention_mask: input_ids.map(() => 1), token_type_ids, tokens };
  }
}
