/**
 * A decoder's KV cache, held on the host: the `present.*` outputs of one forward call, fed back as
 * `past_key_values.*` on the next, plus the attention mask of the positions it covers (so a decode step
 * only sends its new tokens, and left padding keeps its meaning). Opaque to callers: the grader maps
 * each one to a handle string that only the submission that made it can use.
 */
import type { FloatTensor } from "./backend";

export class KvCache {
  /** Bytes of keys and values held (what a per-submission limit counts). */
  readonly bytes: number;

  /**
   * @param model  the model that produced it; it feeds no other model
   * @param rows   batch rows it holds
   * @param length positions it covers (the next call's past length)
   * @param tensors past keys/values in graph-input order, each [rows, heads, length, head_dim]
   * @param mask   attention mask of the covered positions, [rows, length]
   */
  constructor(
    readonly model: string,
    readonly rows: number,
    readonly length: number,
    readonly tensors: readonly FloatTensor[],
    readonly mask: Uint8Array,
  ) {
    this.bytes = tensors.reduce((sum, tensor) => sum + tensor.data.byteLength, 0) + mask.byteLength;
  }

  /** Shown instead of the tensors when logged or printed. */
  toJSON(): string {
    return `KvCache(${this.model}, ${this.rows}×${this.length})`;
  }
}
