/**
 * Checks the inputs of a raw forward call and packs them into a SequenceBatch.
 * untrusted: everything here comes from user code in a submission; fail fast with a clear message
 * before touching a large value, and never let a bad value reach ONNX Runtime.
 */
import { LIMITS } from "./config";
import { describeValue, EngineError } from "./errors";
import { int64Writer } from "./int64";
import type { LoadedModel } from "./model-loader";
import type { SequenceBatch } from "./sequence-batch";

type Row = ArrayLike<unknown>;

function isRow(value: unknown): value is Row {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function invalid(message: string): never {
  throw new EngineError("INVALID_INPUT", message);
}

function tooLarge(message: string): never {
  throw new EngineError("TOO_LARGE", message);
}

/** The allowed range of each input's values: [min, max). */
function valueRange(model: LoadedModel, name: string): [number, number, string] {
  if (name === "input_ids") return [0, model.info.vocab_size, `token ids must be integers in [0, ${model.info.vocab_size})`];
  if (name === "attention_mask") return [0, 2, "attention_mask values must be 0 or 1"];
  return [0, model.typeVocabSize, `token_type_ids must be integers in [0, ${model.typeVocabSize})`];
}

/**
 * Validates `{ input_ids: [[…]], attention_mask?: [[…]], token_type_ids?: [[…]] }` for a model and
 * fills the optional inputs the graph needs (attention_mask = 1, token_type_ids = 0).
 *
 * @example
 * packForwardInputs(bert, { input_ids: [[2, 80, 3]] }) // → { batch: { rows: 1, seq: 3, inputs: {…3 inputs} }, tokens: 3 }
 */
export function packForwardInputs(model: LoadedModel, inputs: unknown): { batch: SequenceBatch; tokens: number } {
  const { name: modelName, inputs: graphInputs, max_length: maxLength } = model.info;
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    invalid(`forward inputs must be an object like { input_ids: [[…ids]] }, got ${Array.isArray(inputs) ? "an array" : typeof inputs}`);
  }
  const given = inputs as Record<string, unknown>;
  const names = Object.keys(given);
  for (const name of names) {
    // A word2vec graph takes ids only, but callers naturally pass tokenize()'s all-ones mask along.
    if (name === "attention_mask") continue;
    if (!graphInputs.includes(name)) invalid(`model "${modelName}" has no input "${name}"; its inputs are ${graphInputs.join(", ")}`);
  }
  if (!("input_ids" in given)) invalid(`forward inputs need "input_ids" (model "${modelName}" takes ${graphInputs.join(", ")})`);

  const ids = given.input_ids;
  if (!isRow(ids) || ids.length === 0 || !isRow(ids[0])) {
    invalid(`input_ids must be a non-empty list of sequences, shape [batch, seq]; wrap one sequence as [[…ids]]`);
  }
  const rows = ids.length;
  if (rows > LIMITS.maxRequestBatch) tooLarge(`batch of ${rows} sequences exceeds the limit of ${LIMITS.maxRequestBatch}`);
  const seq = (ids[0] as Row).length;
  if (seq === 0) invalid("input_ids rows must not be empty");
  if (seq > maxLength) tooLarge(`sequence length ${seq} exceeds model "${modelName}" max_length ${maxLength}`);
  if (rows * seq > LIMITS.maxInputElements) tooLarge(`${rows}×${seq} ids exceed the limit of ${LIMITS.maxInputElements} elements`);

  const packed: Record<string, BigInt64Array> = {};
  let tokens = rows * seq;
  for (const name of names) {
    const value = given[name];
    if (!isRow(value) || value.length !== rows) invalid(`${name} must have the same shape as input_ids, [${rows}, ${seq}]`);
    const [min, max, rule] = valueRange(model, name);
    const writer = int64Writer(rows * seq);
    let ones = 0;
    for (let r = 0; r < rows; r++) {
      const row = value[r];
      if (!isRow(row)) invalid(`${name}[${r}] must be a list of integers (inputs are rank 2: [batch, seq])`);
      if (row.length !== seq) invalid(`${name} is not rectangular: row ${r} has ${row.length} values, row 0 of input_ids has ${seq}`);
      for (let t = 0; t < seq; t++) {
        const v = row[t];
        if (typeof v !== "number" || !Number.isInteger(v) || v < min || v >= max) {
          invalid(`${name}[${r}][${t}] = ${describeValue(v)}: ${rule} for model "${modelName}"`);
        }
        if (v === 1) ones += 1;
        writer.set(r * seq + t, v);
      }
    }
    if (name === "attention_mask") tokens = ones;
    packed[name] = writer.data;
  }
  if (graphInputs.includes("attention_mask") && !packed.attention_mask) packed.attention_mask = new BigInt64Array(rows * seq).fill(1n);
  if (graphInputs.includes("token_type_ids") && !packed.token_type_ids) packed.token_type_ids = new BigInt64Array(rows * seq);
  // Feed in graph order so fused batches line up whatever order the caller used.
  const inputsInOrder: Record<string, BigInt64Array> = {};
  for (const name of graphInputs) inputsInOrder[name] = packed[name];
  // (an attention_mask given to a graph without one was validated above and is dropped here)
  return { batch: { rows, seq, inputs: inputsInOrder }, tokens };
}
