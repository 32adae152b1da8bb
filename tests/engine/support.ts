/**
 * Shared by the engine tests: where the models are, the reference tokenizer, scratch copies of
 * model folders. Not a test file itself.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const REPO = path.resolve(__dirname, "../..");
export const FIXTURES_DIR = path.join(REPO, "tests/engine/fixtures/models");
export const REAL_DIR = path.join(REPO, "models");

/** Loading real models (ONNX Runtime init, tokenizer JSON, jieba dictionary) can take seconds. */
export const LOAD_TIMEOUT_MS = 120_000;

export type ModelSet = { label: string; dir: string; word2vec: string; bert: string; bertCls: string };

export const FIXTURE_SET: ModelSet = { label: "fixture models", dir: FIXTURES_DIR, word2vec: "tiny-word2vec", bert: "tiny-bert", bertCls: "tiny-bert-cls" };
export const REAL_SET: ModelSet = { label: "real models", dir: REAL_DIR, word2vec: "word2vec", bert: "bert", bertCls: "bert-cls" };

/**
 * The model sets every behaviour test runs on: the tiny fixtures (edge cases the real vocabularies may
 * not show) and the project's committed real models, which must be present: a missing models/ fails.
 */
export function modelSets(): ModelSet[] {
  return [FIXTURE_SET, REAL_SET];
}

export type ReferenceEncoding = { tokens: string[]; input_ids: number[] };

/**
 * Tokenizes with the reference BERT tokenizer (tests/engine/fixtures/reference_bert_tokenizer.py,
 * standard-library Python), so the JavaScript tokenizer is checked against an independent implementation.
 */
export function referenceTokenize(vocabFile: string, texts: string[], maxLength: number): ReferenceEncoding[] {
  const script = path.join(REPO, "tests/engine/fixtures/reference_bert_tokenizer.py");
  const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const out = execFileSync(python, [script], {
    input: JSON.stringify({ vocab: vocabFile, texts, max_length: maxLength }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as ReferenceEncoding[];
}

/** Copies model folders (and a manifest listing them) into a fresh temp dir the test may corrupt. */
export async function scratchModels(from: string, names: string[], manifestNames: string[] = names): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "clockwise-engine-"));
  for (const name of names) await fs.cp(path.join(from, name), path.join(dir, name), { recursive: true });
  const manifest = JSON.parse(await fs.readFile(path.join(from, "manifest.json"), "utf8")) as { version: number; models: { name: string }[] };
  manifest.models = manifest.models.filter((model) => manifestNames.includes(model.name));
  if (manifestNames.length > 0) await fs.writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 1));
  return dir;
}

export function norm(vector: number[]): number {
  return Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
}

/** Largest absolute difference between two equally shaped nested arrays / records of them (Infinity if shapes differ). */
export function maxAbsDiff(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return Infinity;
    return a.reduce((max: number, item, i) => Math.max(max, maxAbsDiff(item, b[i])), 0);
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = Object.keys(a);
    if (keys.length === 0 || keys.sort().join() !== Object.keys(b).sort().join()) return Infinity;
    return keys.reduce((max, key) => Math.max(max, maxAbsDiff((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])), 0);
  }
  return Infinity;
}
