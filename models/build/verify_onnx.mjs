/**
 * Step 5 of the model build: runs each staged BERT ONNX file in onnxruntime-node (the engine's
 * runtime) on the samples train_bert.py saved with torch's outputs, and fails if any value differs by
 * more than 1e-4 (typically ~1e-6). Also checks the word2vec graph returns the vocabulary rows.
 *
 * Usage: node models/build/verify_onnx.mjs
 */
import * as ort from "onnxruntime-node";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const models = join(dirname(fileURLToPath(import.meta.url)), "..");
const staging = process.env.MODELS_STAGING ?? join(models, ".cache", "staging");
const TOLERANCE = 1e-4;

function int64Tensor(rows) {
  const flat = rows.flat().map((x) => BigInt(x));
  return new ort.Tensor("int64", BigInt64Array.from(flat), [rows.length, rows[0].length]);
}

const report = {};
for (const name of ["bert", "bert-cls"]) {
  // A partial rebuild (e.g. only the classifier) stages only some models.
  if (!existsSync(join(staging, name, "onnx", "model.onnx"))) continue;
  const check = JSON.parse(readFileSync(join(models, ".cache", `onnx-check-${name}.json`), "utf8"));
  const session = await ort.InferenceSession.create(join(staging, name, "onnx", "model.onnx"));
  let maxDiff = 0;
  for (const sample of check.samples) {
    const feeds = {};
    for (const input of ["input_ids", "attention_mask", "token_type_ids"]) feeds[input] = int64Tensor(sample[input]);
    const result = await session.run(feeds);
    const got = result[check.output].data;
    const want = sample[check.output].flat(Infinity);
    if (got.length !== want.length) throw new Error(`${name}: ${got.length} values, torch gave ${want.length}`);
    for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
  }
  console.log(`${name}: inputs ${session.inputNames.join(",")} → ${session.outputNames.join(",")}; max |onnx - torch| = ${maxDiff.toExponential(2)}`);
  if (!(maxDiff <= TOLERANCE)) throw new Error(`${name}: ONNX output differs from torch by ${maxDiff}`);
  report[name] = maxDiff;
}

const w2vPath = join(staging, "word2vec", "onnx", "model.onnx");
if (existsSync(w2vPath)) {
  const w2v = await ort.InferenceSession.create(w2vPath);
  const out = await w2v.run({ input_ids: int64Tensor([[0, 1, 2], [3, 4, 5]]) });
  const dims = out.vectors.dims.join("x");
  const padZero = Array.from(out.vectors.data.slice(0, out.vectors.dims[2])).every((v) => v === 0);
  console.log(`word2vec: input_ids → vectors ${dims}; [PAD] vector is zero: ${padZero}`);
  if (!padZero) throw new Error("word2vec: the [PAD] row must be zero");
}
writeFileSync(join(models, ".cache", "onnx-check-report.json"), JSON.stringify(report, null, 2));
