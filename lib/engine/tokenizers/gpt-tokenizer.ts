/**
 * Byte-level BPE tokenization for decoder LMs (GPT-2 style tokenizer.json), via @huggingface/tokenizers:
 * every string round-trips (any zh/en text, emoji), and ids decode back to text.
 */
import { Tokenizer } from "@huggingface/tokenizers";
import type { GptTokenizeResult, TextTokenizer } from "./types";

export class GptTokenizer implements TextTokenizer {
  private readonly tokenizer: Tokenizer;
  readonly minLength = 1;

  /**
   * @example
   * const t = new GptTokenizer(JSON.parse(fs.readFileSync("models/gpt/tokenizer.json", "utf8")));
   * t.encode("hello 世界", 512).input_ids // → [31, 1290, 4411, …]
   */
  constructor(tokenizerJson: Record<string, unknown>, tokenizerConfig: Record<string, unknown> = {}) {
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  }

  /** The ids of the text (whatever the tokenizer's post-processor adds, e.g. nothing for GPT-2), the first maxLength kept. */
  encode(text: string, maxLength: number): GptTokenizeResult {
    const encoding = text === "" ? { ids: [], tokens: [] } : this.tokenizer.encode(text);
    const ids = encoding.ids.slice(0, maxLength);
    return { input_ids: ids, attention_mask: ids.map(() => 1), tokens: encoding.tokens.slice(0, maxLength) };
  }

  /**
   * Text of a list of ids. A cut through a multi-byte character decodes to U+FFFD (as in Hugging Face),
   * so incremental detokenization must decode the whole sequence, not token by token.
   *
   * @example t.decode([31, 1290]) // → "hello 世"
   */
  decode(ids: number[], skipSpecialTokens = false): string {
    if (ids.length === 0) return "";
    return this.tokenizer.decode(ids, { skip_special_tokens: skipSpecialTokens, clean_up_tokenization_spaces: false });
  }

  /** The id of a token string (e.g. "<|endoftext|>"), if the vocabulary has it. */
  idOf(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }
}
