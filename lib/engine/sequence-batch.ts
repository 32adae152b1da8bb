/**
 * Sequences of token ids padded to one length: the unit the pipelines hand to the forward step and
 * the micro-batcher fuses. Inputs are int64 row-major [rows, seq].
 */
import type { FloatTensor, IdTensor } from "./backend";
import { int64Writer } from "./int64";

export type SequenceBatch = {
  rows: number;
  seq: number;
  /** Graph input name → row-major ids, rows × seq. */
  inputs: Record<string, BigInt64Array>;
};

/** What each input is padded with: pad id for input_ids, 0 (masked out / segment A) for the rest. */
export type PadValues = Record<string, bigint>;

/**
 * Packs ragged rows of ids into one padded batch.
 *
 * @example
 * packRows({ input_ids: [[2, 7, 3], [2, 3]] }, { input_ids: 0n }) // → { rows: 2, seq: 3, inputs: { input_ids: [2,7,3, 2,3,0] } }
 */
export function packRows(rowsByInput: Record<string, readonly (readonly number[])[]>, pad: PadValues): SequenceBatch {
  const names = Object.keys(rowsByInput);
  const first = rowsByInput[names[0]];
  const rows = first.length;
  const seq = first.reduce((max, row) => Math.max(max, row.length), 0);
  const inputs: Record<string, BigInt64Array> = {};
  for (const name of names) {
    const writer = int64Writer(rows * seq);
    const padValue = pad[name] ?? 0n;
    if (padValue !== 0n) writer.data.fill(padValue);
    rowsByInput[name].forEach((row, r) => {
      // ids come from our own tokenizers: non-negative and below the vocabulary size.
      for (let t = 0; t < row.length; t++) writer.set(r * seq + t, row[t]);
    });
    inputs[name] = writer.data;
  }
  return { rows, seq, inputs };
}

/** Stacks several batches into one, padding each to the longest sequence among them. */
export function concatBatches(batches: readonly SequenceBatch[], pad: PadValues): SequenceBatch {
  if (batches.length === 1) return batches[0];
  const rows = batches.reduce((sum, b) => sum + b.rows, 0);
  const seq = batches.reduce((max, b) => Math.max(max, b.seq), 0);
  const inputs: Record<string, BigInt64Array> = {};
  for (const name of Object.keys(batches[0].inputs)) {
    const data = new BigInt64Array(rows * seq).fill(pad[name] ?? 0n);
    let rowOffset = 0;
    for (const batch of batches) {
      const source = batch.inputs[name];
      for (let r = 0; r < batch.rows; r++) {
        data.set(source.subarray(r * batch.seq, (r + 1) * batch.seq), (rowOffset + r) * seq);
      }
      rowOffset += batch.rows;
    }
    inputs[name] = data;
  }
  return { rows, seq, inputs };
}

export function toFeeds(batch: SequenceBatch): Record<string, IdTensor> {
  const feeds: Record<string, IdTensor> = {};
  for (const [name, data] of Object.entries(batch.inputs)) feeds[name] = { data, dims: [batch.rows, batch.seq] };
  return feeds;
}

/**
 * Cuts one caller's rows out of a fused output. Outputs of rank ≥ 3 are per token
 * ([rows, seq, …]) and are trimmed back to the caller's own sequence length.
 */
export function sliceOutput(tensor: FloatTensor, rowStart: number, rows: number, fusedSeq: number, ownSeq: number): FloatTensor {
  const [, ...rest] = tensor.dims;
  if (tensor.dims.length >= 3 && rest[0] === fusedSeq) {
    const inner = rest.slice(1).reduce((a, b) => a * b, 1);
    const data = new Float32Array(rows * ownSeq * inner);
    for (let r = 0; r < rows; r++) {
      const from = ((rowStart + r) * fusedSeq) * inner;
      data.set(tensor.data.subarray(from, from + ownSeq * inner), r * ownSeq * inner);
    }
    return { data, dims: [rows, ownSeq, ...rest.slice(1)] };
  }
  const rowSize = rest.reduce((a, b) => a * b, 1);
  return { data: tensor.data.slice(rowStart * rowSize, (rowStart + rows) * rowSize), dims: [rows, ...rest] };
}
