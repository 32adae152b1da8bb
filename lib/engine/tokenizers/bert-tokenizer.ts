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
    let prepared = text;
    if (this.dropUnassigned) prepared = prepared.replace(UNASSIGNED, "");
    if (this.spaceSupplementaryCjk) prepared = prepared.replace(SUPPLEMENTARY_CJK, " $1 ");
    const pieces = this.tokenizer.tokenize(prepared, { add_special_tokens: false });
    // Truncate the content, never the template, so [SEP] is always last.
    const kept = pieces.slice(0, Math.max(0, maxLength - this.specialCount));
    const { tokens, token_type_ids } = this.postProcess(kept);
    const input_ids = tokens.map((token) => this.tokenizer.token_to_id(token) ?? this.unkId);
    return { input_ids, attention_mask: input_ids.map(() => 1), token_type_ids, tokens };
  }
}
