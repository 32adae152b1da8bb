/**
 * Large float outputs (a decoder's logits: vocab_size floats per step) cross the pipe to the box as raw float32
 * bytes in base64 instead of JSON numbers: `{"$f32": [dims…], "b64": "…"}`. Both harnesses turn that back into
 * nested plain lists, so user code sees exactly the numbers it saw before (ONNX outputs are float32; a float32
 * printed as a JSON double and parsed back is the same value) — at a fraction of the cost: 8,192 logits are
 * 44 KB of base64 instead of ~160 KB of JSON, and decoding them is one C call in Python.
 *
 * @example
 *   packFloatOutputs({ logits: [[0.5, -1, …8192 values]], past: "kv:1:…" })
 *   // → { logits: { $f32: [1, 8192], b64: "AAAAPwAAgL8…" }, past: "kv:1:…" }
 */

/**
 * lib/engine attaches the float32 data behind a nested output under this registered symbol (decoder logits):
 * then the bytes are sent as they are, without walking the lists. Symbol.for, so lib/grader imports nothing from it.
 */
const FLOAT32_VIEW = Symbol.for("clockwise.float32View");

/** Outputs with fewer numbers stay plain JSON (not worth a tag). */
export const PACK_MIN_NUMBERS = 64;
/** Rank limit: deeper nesting is left as it is. */
const MAX_RANK = 4;

/** Shape of a rectangular nested list of numbers, or null when it is not one. */
function shapeOf(value: unknown): number[] | null {
  const dims: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    if (level.length === 0 || dims.length >= MAX_RANK) return null;
    dims.push(level.length);
    level = level[0];
  }
  return typeof level === "number" && dims.length > 0 ? dims : null;
}

/** Copies a nested list into `out` in row-major order; false when it is ragged or holds a non-number. */
function flatten(value: unknown, dims: number[], axis: number, out: Float32Array, offset: { at: number }): boolean {
  if (!Array.isArray(value) || value.length !== dims[axis]) return false;
  if (axis === dims.length - 1) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      // A value float32 cannot hold exactly (none come out of ONNX Runtime) keeps the whole output as JSON.
      if (typeof v !== "number" || (v === v && Math.fround(v) !== v)) return false;
      out[offset.at++] = v;
    }
    return true;
  }
  for (const item of value) if (!flatten(item, dims, axis + 1, out, offset)) return false;
  return true;
}

/** The packed form of one output, or the output unchanged when it is small or not a rectangular list of numbers. */
export function packFloats(value: unknown): unknown {
  const view = Array.isArray(value) ? (value as unknown as Record<symbol, { data?: unknown; dims?: unknown } | undefined>)[FLOAT32_VIEW] : undefined;
  if (view && view.data instanceof Float32Array && Array.isArray(view.dims) && view.data.length >= PACK_MIN_NUMBERS) {
    const data = view.data;
    return { $f32: view.dims, b64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64") };
  }
  const dims = shapeOf(value);
  if (!dims) return value;
  const count = dims.reduce((a, b) => a * b, 1);
  if (count < PACK_MIN_NUMBERS) return value;
  const data = new Float32Array(count);
  if (!flatten(value, dims, 0, data, { at: 0 })) return value;
  return { $f32: dims, b64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64") };
}

/** Packs every large numeric output of a forward answer; other fields (e.g. a past handle) pass through. */
export function packFloatOutputs(outputs: unknown): unknown {
  if (!outputs || typeof outputs !== "object" || Array.isArray(outputs)) return outputs;
  const packed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) packed[name] = packFloats(value);
  return packed;
}
