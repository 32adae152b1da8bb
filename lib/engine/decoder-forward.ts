/**
 * One forward call of a decoder LM (kind "gpt"), in the three visible steps:
 *   input   check `{input_ids, attention_mask?, past?, all_logits?}`, build attention_mask over past + new
 *           positions and position_ids from it (left padding works), and the past tensors (empty on prefill)
 *   forward session.run
 *   post    logits of the last position of each row (or all), and the new KvCache from `present.*`
 * untrusted: inputs come from user code; everything is checked before it reaches ONNX Runtime.
 */
import type { FeedTensor, FloatTensor, ModelSession } from "./backend";
import { LIMITS } from "./config";
import { describeValue, EngineError } from "./errors";
import { int64Writer } from "./int64";
import { KvCache } from "./kv-cache";
import type { LoadedModel } from "./model-loader";
import { copyRow, type NestedNumbers } from "./post-process";
import type { StageTimer } from "./stage-timer";

export type DecoderPhase = "prefill" | "decode";

export type DecoderOutputs = { logits: NestedNumbers[]; past: KvCache };

type Packed = {
  rows: number;
  seq: number;
  past: KvCache | null;
  allLogits: boolean;
  feeds: Record<string, FeedTensor>;
  /** Attention mask over past + new positions, [rows, past + seq] (0/1 bytes: reading a BigInt64Array allocates). */
  mask: Uint8Array;
  /** Real (mask = 1) new tokens. */
  tokens: number;
};

const ALLOWED = new Set(["input_ids", "attention_mask", "past", "past_rows", "all_logits"]);

/** Graph input names of the past keys/values, in the order KvCache.tensors holds them. */
export function pastInputNames(layers: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < layers; i++) names.push(`past_key_values.${i}.key`, `past_key_values.${i}.value`);
  return names;
}

function invalid(message: string): never {
  throw new EngineError("INVALID_INPUT", message);
}

function isRow(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Validates a rank-2 integer list and returns it row-major; values must lie in [0, max). */
function readMatrix(value: unknown, name: string, rows: number, seq: number | undefined, max: number, rule: string): { data: number[]; seq: number } {
  if (!isRow(value) || value.length !== rows || !isRow(value[0])) invalid(`${name} must be a list of ${rows} rows (shape [batch, seq])`);
  const width = seq ?? (value[0] as ArrayLike<unknown>).length;
  const data = new Array<number>(rows * width);
  for (let r = 0; r < rows; r++) {
    const row = value[r];
    if (!isRow(row)) invalid(`${name}[${r}] must be a list of integers (inputs are rank 2: [batch, seq])`);
    if (row.length !== width) invalid(`${name} is not rectangular: row ${r} has ${row.length} values, expected ${width}`);
    for (let t = 0; t < width; t++) {
      const v = row[t];
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= max) invalid(`${name}[${r}][${t}] = ${describeValue(v)}: ${rule}`);
      data[r * width + t] = v;
    }
  }
  return { data, seq: width };
}

/**
 * Checks and packs the inputs of one decoder call.
 *
 * @example
 * packDecoderInputs(gpt, { input_ids: [[0, 0, 5, 6], [7, 8, 9, 10]], attention_mask: [[0, 0, 1, 1], [1, 1, 1, 1]], past: null })
 * // → feeds with position_ids [[1, 1, 0, 1], [0, 1, 2, 3]] and empty past tensors
 */
export function packDecoderInputs(model: LoadedModel, inputs: unknown): Packed {
  const { name: modelName, vocab_size: vocab, max_length: maxLength } = model.info;
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    invalid(`forward inputs must be an object like { input_ids: [[…ids]], past: null }, got ${Array.isArray(inputs) ? "an array" : typeof inputs}`);
  }
  const given = inputs as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (ALLOWED.has(key)) continue;
    if (key === "position_ids") invalid(`model "${modelName}": do not pass position_ids; the engine computes them from attention_mask`);
    invalid(`model "${modelName}" takes input_ids, attention_mask, past, past_rows and all_logits; got "${key.slice(0, 40)}"`);
  }
  const allLogits = given.all_logits ?? false;
  if (typeof allLogits !== "boolean") invalid(`all_logits must be true or false, got ${describeValue(allLogits)}`);

  const rawPast = given.past ?? null;
  if (rawPast !== null && !(rawPast instanceof KvCache)) invalid(`past must be null (first call) or the past returned by the previous forward call, got ${describeValue(rawPast)}`);
  let past = rawPast as KvCache | null;
  if (past && past.model !== modelName) invalid(`past was made by model "${past.model}"; it cannot feed model "${modelName}"`);

  const ids = given.input_ids;
  if (!isRow(ids) || ids.length === 0 || !isRow(ids[0])) invalid("input_ids must be a non-empty list of sequences, shape [batch, seq]; wrap one sequence as [[…ids]]");
  const rows = ids.length;
  if (rows > LIMITS.maxRequestBatch) throw new EngineError("TOO_LARGE", `batch of ${rows} sequences exceeds the limit of ${LIMITS.maxRequestBatch}`);
  if (given.past_rows !== undefined && given.past_rows !== null) {
    if (!past) invalid("past_rows needs a past: it picks, for each input row, the cached row it continues");
    past = selectRows(past, checkPastRows(given.past_rows, rows, past.rows));
  }
  if (past && past.rows !== rows) {
    invalid(`input_ids has ${rows} rows but past holds ${past.rows}; send one new token list per cached row, or pick cached rows with past_rows`);
  }
  const seq = (ids[0] as ArrayLike<unknown>).length;
  if (seq === 0) invalid("input_ids rows must not be empty");
  const pastLength = past?.length ?? 0;
  const total = pastLength + seq;
  if (total > maxLength) {
    throw new EngineError("TOO_LARGE", `past ${pastLength} + ${seq} new tokens = ${total} positions exceed model "${modelName}" max_length ${maxLength}`);
  }
  if (rows * total > LIMITS.maxInputElements) throw new EngineError("TOO_LARGE", `${rows}×${total} positions exceed the limit of ${LIMITS.maxInputElements} elements`);
  // untrusted sizes: the graph computes rows × seq × vocab logits whatever we return, so bound them before running it.
  const logits = rows * seq * vocab;
  if (logits > LIMITS.maxDecoderLogits) {
    throw new EngineError(
      "TOO_LARGE",
      `${rows}×${seq} new tokens × ${vocab} vocabulary = ${logits.toLocaleString("en-US")} logits exceed ${LIMITS.maxDecoderLogits.toLocaleString("en-US")} per call; prefill long prompts in chunks (pass past) or send fewer rows`,
    );
  }
  if (given.all_logits === true && logits > LIMITS.maxReturnedLogits) {
    throw new EngineError(
      "TOO_LARGE",
      `all_logits would return ${logits.toLocaleString("en-US")} numbers; the limit is ${LIMITS.maxReturnedLogits.toLocaleString("en-US")} (${Math.floor(LIMITS.maxReturnedLogits / vocab)} positions of ${vocab}): ask for fewer positions or only the last`,
    );
  }
  const idData = readMatrix(ids, "input_ids", rows, seq, vocab, `token ids must be integers in [0, ${vocab}) for model "${modelName}"`).data;

  // attention_mask: for the new tokens only ([rows, seq]), or for past + new ([rows, past + seq]) as in Hugging Face.
  const mask = new Uint8Array(rows * total);
  let tokens = rows * seq;
  if (given.attention_mask === undefined || given.attention_mask === null) {
    mask.fill(1);
    if (past) for (let r = 0; r < rows; r++) mask.set(past.mask.subarray(r * pastLength, (r + 1) * pastLength), r * total);
  } else {
    const first = isRow(given.attention_mask) && isRow(given.attention_mask[0]) ? given.attention_mask[0].length : -1;
    if (first !== seq && first !== total) {
      invalid(`attention_mask rows must have ${seq} values (the new tokens)${past ? ` or ${total} (past + new)` : ""}, got ${first < 0 ? "no list of rows" : first}`);
    }
    const { data } = readMatrix(given.attention_mask, "attention_mask", rows, first, 2, "attention_mask values must be 0 or 1");
    tokens = 0;
    for (let r = 0; r < rows; r++) {
      const offset = first - seq;
      if (first === seq && past) mask.set(past.mask.subarray(r * pastLength, (r + 1) * pastLength), r * total);
      for (let t = 0; t < first; t++) mask[r * total + (first === seq ? pastLength : 0) + t] = data[r * first + t];
      for (let t = 0; t < seq; t++) tokens += data[r * first + offset + t];
    }
  }

  // position_ids: the number of real positions before each one (cumsum − 1), 1 on padding (Hugging Face's convention).
  const positions = int64Writer(rows * seq);
  const inputIds = int64Writer(rows * seq);
  const maskFeed = int64Writer(rows * total);
  for (let i = 0; i < rows * total; i++) if (mask[i] === 1) maskFeed.set(i, 1);
  for (let r = 0; r < rows; r++) {
    let seen = 0;
    for (let t = 0; t < total; t++) {
      const real = mask[r * total + t] === 1;
      if (real) seen += 1;
      if (t >= pastLength) positions.set(r * seq + t - pastLength, real ? seen - 1 : 1);
    }
    for (let t = 0; t < seq; t++) inputIds.set(r * seq + t, idData[r * seq + t]);
  }

  const feeds: Record<string, FeedTensor> = {
    input_ids: { data: inputIds.data, dims: [rows, seq] },
    attention_mask: { data: maskFeed.data, dims: [rows, total] },
    position_ids: { data: positions.data, dims: [rows, seq] },
  };
  const { layers = 0, heads = 0, head_dim: headDim = 0 } = model.info;
  const names = pastInputNames(layers);
  names.forEach((name, i) => {
    feeds[name] = past ? past.tensors[i] : { data: new Float32Array(0), dims: [rows, heads, 0, headDim] };
  });
  return { rows, seq, past, allLogits, feeds, mask, tokens };
}

/**
 * The float32 data behind a nested output, attached under this registered symbol (not enumerable, not serialised):
 * the grader's gateway sends those bytes to the box as they are instead of walking the nested lists again
 * (lib/grader/float-pack.ts reads the same Symbol.for key).
 */
export const FLOAT32_VIEW = Symbol.for("clockwise.float32View");

function checkPastRows(value: unknown, rows: number, cached: number): number[] {
  if (!Array.isArray(value) || value.length !== rows) {
    invalid(`past_rows must list, for each of the ${rows} input rows, the cached row it continues (an index below ${cached})`);
  }
  value.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= cached) invalid(`past_rows[${i}] = ${describeValue(v)}: cached rows are 0…${cached - 1}`);
  });
  return value as number[];
}

/**
 * A cache holding the given rows of `past`, in that order (repeats allowed): beam search keeps, reorders and
 * duplicates beams between steps ("reorder the cache by beam index"). Copies; `past` stays valid.
 *
 * @example selectRows(threeRowPast, [2, 0, 0]).rows // → 3: row 2, then row 0 twice
 */
export function selectRows(past: KvCache, order: number[]): KvCache {
  const tensors = past.tensors.map((tensor) => {
    const block = tensor.data.length / past.rows;
    const data = new Float32Array(order.length * block);
    order.forEach((from, to) => data.set(tensor.data.subarray(from * block, (from + 1) * block), to * block));
    return { data, dims: [order.length, ...tensor.dims.slice(1)] };
  });
  const mask = new Uint8Array(order.length * past.length);
  order.forEach((from, to) => mask.set(past.mask.subarray(from * past.length, (from + 1) * past.length), to * past.length));
  return new KvCache(past.model, order.length, past.length, tensors, mask);
}

/** Logits of the last position per row ([rows][vocab]) or of every position ([rows][seq][vocab]). */
function logitsOf(tensor: FloatTensor, allLogits: boolean): NestedNumbers[] {
  const [rows, seq, vocab] = tensor.dims;
  const out: NestedNumbers[] = new Array(rows);
  let view: { data: Float32Array; dims: number[] };
  if (allLogits || seq === 1) view = { data: tensor.data, dims: allLogits ? [rows, seq, vocab] : [rows, vocab] };
  else {
    const last = new Float32Array(rows * vocab);
    for (let r = 0; r < rows; r++) last.set(tensor.data.subarray((r * seq + seq - 1) * vocab, (r * seq + seq) * vocab), r * vocab);
    view = { data: last, dims: [rows, vocab] };
  }
  Object.defineProperty(out, FLOAT32_VIEW, { value: view, enumerable: false });
  for (let r = 0; r < rows; r++) {
    if (!allLogits) {
      out[r] = copyRow(tensor.data, (r * seq + seq - 1) * vocab, vocab);
      continue;
    }
    const positions: number[][] = new Array(seq);
    for (let t = 0; t < seq; t++) positions[t] = copyRow(tensor.data, (r * seq + t) * vocab, vocab);
    out[r] = positions;
  }
  return out;
}

/**
 * Runs one decoder call through the three stages of `timer`.
 *
 * @example
 * const { outputs } = await decoderForward(gpt, { input_ids: [[15496, 11]], past: null }, new StageTimer(), run);
 * outputs.logits[0].length // → vocab_size;  outputs.past.length // → 2
 */
export async function decoderForward(
  model: LoadedModel,
  inputs: unknown,
  timer: StageTimer,
  run: ModelSession["run"],
): Promise<{ outputs: DecoderOutputs; phase: DecoderPhase; rows: number; tokens: number; pastLength: number }> {
  const packed = timer.measure("input", () => packDecoderInputs(model, inputs));
  const results = await timer.measureAsync("forward", () => run(packed.feeds));
  const outputs = timer.measure("post", (): DecoderOutputs => {
    const logits = results.logits;
    if (!logits || logits.dims.length !== 3) throw new EngineError("INTERNAL", `model "${model.info.name}" returned no [batch, seq, vocab] logits`);
    const total = (packed.past?.length ?? 0) + packed.seq;
    const presents = pastInputNames(model.info.layers ?? 0).map((name) => {
      const tensor = results[name.replace("past_key_values.", "present.")];
      if (!tensor || tensor.dims[2] !== total) throw new EngineError("INTERNAL", `model "${model.info.name}" returned no ${name.replace("past_key_values.", "present.")} of ${total} positions`);
      return tensor;
    });
    return { logits: logitsOf(logits, packed.allLogits), past: new KvCache(model.info.name, packed.rows, total, presents, packed.mask) };
  });
  return { outputs, phase: packed.past ? "decode" : "prefill", rows: packed.rows, tokens: packed.tokens, pastLength: packed.past?.length ?? 0 };
}
