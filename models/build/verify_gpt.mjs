/**
 * Decoder build check, in the engine's own runtime (Node, @huggingface/tokenizers, onnxruntime-node):
 *  1. Tokenizer: every text of models/.cache/gpt/tokenizer-check.json encodes to exactly the ids of the
 *     Python training-side encoder, and decodes back to the same text.
 *  2. For each staged decoder (gpt, gpt-draft), onnx/model.onnx:
 *     - ORT logits equal torch's (train_gpt.py's check file) for full passes and a left-padded batch;
 *     - prefill of a prefix, then one-token decode steps feeding `present.*` back as `past_key_values.*`,
 *       gives the logits of a full recomputation; also a prefill split in two chunks;
 *     - in the left-padded batch the real tokens' logits equal the unpadded rows';
 *     all within 1e-4 (max abs difference), and present.* has shape [batch, heads, past + seq, head_dim].
 *
 * Usage: node models/build/verify_gpt.mjs [gpt gpt-draft]
 */
import * as ort from "onnxruntime-node";
import { Tokenizer } from "@huggingface/tokenizers";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const models = join(dirname(fileURLToPath(import.meta.url)), "..");
const cache = join(models, ".cache");
const staging = process.env.MODELS_STAGING ?? join(cache, "staging");
const TOLERANCE = 1e-4;
const names = process.argv.length > 2 ? process.argv.slice(2) : ["gpt", "gpt-draft"];

// --- 1. tokenizer --------------------------------------------------------------------------------
const check = JSON.parse(readFileSync(join(cache, "gpt", "tokenizer-check.json"), "utf8"));
const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(join(cache, "gpt", "tokenizer.json"), "utf8")),
  JSON.parse(readFileSync(join(cache, "gpt", "tokenizer_config.json"), "utf8")),
);
let mismatches = 0;
for (const { text, ids } of check.cases) {
  const got = text === "" ? [] : tokenizer.encode(text, { add_special_tokens: false }).ids;
  const same = got.length === ids.length && got.every((x, i) => x === ids[i]);
  const back = ids.length ? tokenizer.decode(ids, { skip_special_tokens: false }) : "";
  if (!same || back !== text) {
    mismatches++;
    if (mismatches <= 5) console.error(`tokenizer mismatch for ${JSON.stringify(text)}:\n  python ${ids}\n  node   ${got}\n  decoded ${JSON.stringify(back)}`);
  }
}
console.log(`tokenizer: ${check.cases.length} texts, node ids == python ids and decode round trip: ${mismatches === 0 ? "all" : `${mismatches} FAILED`}`);
if (mismatches) process.exit(1);

// --- 2. ONNX -------------------------------------------------------------------------------------
const int64 = (rows) => new ort.Tensor("int64", BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
const range = (a, b) => Array.from({ length: b - a }, (_, i) => a + i);

function maxDiff(got, want) {
  if (got.length !== want.length) throw new Error(`length ${got.length} vs ${want.length}`);
  let m = 0;
  for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(got[i] - want[i]));
  return m;
}

/** One run: ids/mask/pos are [batch][...]; past is {name: Tensor} or null (empty cache). */
async function run(session, spec, ids, mask, pos, past) {
  const feeds = { input_ids: int64(ids), attention_mask: int64(mask), position_ids: int64(pos) };
  for (let i = 0; i < spec.n_layer; i++) {
    for (const kind of ["key", "value"]) {
      feeds[`past_key_values.${i}.${kind}`] = past?.[`present.${i}.${kind}`] ??
        new ort.Tensor("float32", new Float32Array(0), [ids.length, spec.n_head, 0, spec.head_dim]);
    }
  }
  const out = await session.run(feeds);
  const total = mask[0].length;
  for (let i = 0; i < spec.n_layer; i++) {
    const dims = out[`present.${i}.key`].dims.join(",");
    if (dims !== [ids.length, spec.n_head, total, spec.head_dim].join(",")) throw new Error(`present.${i}.key has shape ${dims}`);
  }
  return out;
}

/** Logits of row r, positions [from, to), as a flat array. */
function rowLogits(tensor, r, from, to) {
  const [, seq, vocab] = tensor.dims;
  return Array.from(tensor.data.slice((r * seq + from) * vocab, (r * seq + to) * vocab));
}

const report = { tokenizer_texts: check.cases.length };
for (const name of names) {
  const path = join(staging, name, "onnx", "model.onnx");
  if (!existsSync(path)) continue;
  const spec = JSON.parse(readFileSync(join(cache, `onnx-check-${name}.json`), "utf8"));
  const session = await ort.InferenceSession.create(path);
  const diffs = { ort_vs_torch: 0, cache_vs_full: 0, chunked_prefill_vs_full: 0, left_padding_vs_unpadded: 0 };
  const fullLogits = [];
  for (const c of spec.full) {
    const ids = c.input_ids[0];
    const n = ids.length;
    const full = await run(session, spec, [ids], [ids.map(() => 1)], [range(0, n)], null);
    const fullFlat = rowLogits(full.logits, 0, 0, n);
    fullLogits.push(full.logits);
    diffs.ort_vs_torch = Math.max(diffs.ort_vs_torch, maxDiff(fullFlat, c.logits.flat()));
    // prefill n - 4 tokens, then 4 single-token decode steps
    const p = n - 4;
    let out = await run(session, spec, [ids.slice(0, p)], [Array(p).fill(1)], [range(0, p)], null);
    diffs.cache_vs_full = Math.max(diffs.cache_vs_full, maxDiff(rowLogits(out.logits, 0, 0, p), rowLogits(full.logits, 0, 0, p)));
    for (let t = p; t < n; t++) {
      out = await run(session, spec, [[ids[t]]], [Array(t + 1).fill(1)], [[t]], out);
      diffs.cache_vs_full = Math.max(diffs.cache_vs_full, maxDiff(rowLogits(out.logits, 0, 0, 1), rowLogits(full.logits, 0, t, t + 1)));
    }
    // prefill in two chunks
    const h = Math.floor(n / 2);
    const first = await run(session, spec, [ids.slice(0, h)], [Array(h).fill(1)], [range(0, h)], null);
    const second = await run(session, spec, [ids.slice(h)], [Array(n).fill(1)], [range(h, n)], first);
    diffs.chunked_prefill_vs_full = Math.max(diffs.chunked_prefill_vs_full, maxDiff(rowLogits(second.logits, 0, 0, n - h), rowLogits(full.logits, 0, h, n)));
  }
  // left padding: same logits for the real tokens as the unpadded rows, and as torch
  const pd = spec.padded;
  const padded = await run(session, spec, pd.input_ids, pd.attention_mask, pd.position_ids, null);
  diffs.ort_vs_torch = Math.max(diffs.ort_vs_torch, maxDiff(Array.from(padded.logits.data), pd.logits.flat(2)));
  const seq = pd.input_ids[0].length;
  for (let r = 0; r < pd.input_ids.length; r++) {
    const pad = pd.attention_mask[r].indexOf(1);
    diffs.left_padding_vs_unpadded = Math.max(diffs.left_padding_vs_unpadded, maxDiff(rowLogits(padded.logits, r, pad, seq), rowLogits(fullLogits[r], 0, 0, seq - pad)));
  }
  // and one batched decode step on the padded batch
  const nextIds = pd.input_ids.map(() => [spec.eos_id]);
  const stepMask = pd.attention_mask.map((m) => [...m, 1]);
  const stepPos = pd.position_ids.map((p) => [p[p.length - 1] + 1]);
  const step = await run(session, spec, nextIds, stepMask, stepPos, padded);
  for (let r = 0; r < pd.input_ids.length; r++) {
    const real = pd.input_ids[r].slice(pd.attention_mask[r].indexOf(1));
    const ids = [...real, spec.eos_id];
    const ref = await run(session, spec, [ids], [ids.map(() => 1)], [range(0, ids.length)], null);
    diffs.left_padding_vs_unpadded = Math.max(diffs.left_padding_vs_unpadded, maxDiff(rowLogits(step.logits, r, 0, 1), rowLogits(ref.logits, 0, ids.length - 1, ids.length)));
  }
  console.log(`${name}: inputs ${session.inputNames.join(",")} → outputs ${session.outputNames.join(",")}`);
  console.log(`${name}: max |diff| ${Object.entries(diffs).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(", ")}`);
  for (const [k, v] of Object.entries(diffs)) if (!(v <= TOLERANCE)) throw new Error(`${name}: ${k} differs by ${v}`);
  report[name] = diffs;
}
writeFileSync(join(cache, "gpt-check-report.json"), JSON.stringify(report, null, 2));
