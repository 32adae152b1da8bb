/**
 * The real engine (lib/engine on real ONNX models) for grader tests, plus host-side reference computations
 * of the two seed tasks done directly against it: the expected values the sandboxed solutions must match.
 *
 * Uses the project's models (models/manifest.json) when they exist; until they land, the engine's tiny
 * fixture models (tests/engine/fixtures/models) under the seed tasks' model names — still real ONNX
 * sessions, never a fake.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { createEngine, getEngine, type Engine } from "@/lib/engine";
import { EngineHost } from "@/lib/grader/engine-host/host";
import type { EngineLike } from "@/lib/grader/types";

const REPO = path.resolve(__dirname, "../../..");
const FIXTURES = path.join(REPO, "tests/engine/fixtures/models");
const FIXTURE_NAMES: Record<string, string> = { word2vec: "tiny-word2vec", bert: "tiny-bert", "bert-cls": "tiny-bert-cls" };

export const usingProjectModels = existsSync(path.join(REPO, "models/manifest.json"));

let shared: Promise<EngineLike> | undefined;

/** One engine per test file; the seed tasks' model names work on either model set. */
export function realEngine(): Promise<EngineLike> {
  if (!shared) {
    shared = usingProjectModels ? getEngine() : createEngine({ modelsDir: FIXTURES, batchWindowMs: 0 }).then(aliasFixtureNames);
  }
  return shared;
}

export async function closeRealEngine(): Promise<void> {
  const engine = (await shared) as unknown as { close?: () => Promise<void> } | undefined;
  shared = undefined;
  await engine?.close?.();
}

function aliasFixtureNames(engine: Engine): EngineLike & { close(): Promise<void> } {
  const real = (model: string) => FIXTURE_NAMES[model] ?? model;
  return {
    tokenize: (model, text, opts) => engine.tokenize(real(model), text, opts),
    forward: (model, inputs) => engine.forward(real(model), inputs),
    labels: (model) => engine.labels(real(model)),
    info: (model) => ({ ...engine.info(real(model)), name: model }),
    close: () => engine.close(),
  };
}

/**
 * The same models in an engine host thread, as the grader worker uses them (engine work off the main thread,
 * per-submission queues). The caller closes it.
 */
export function realEngineHost(): Promise<EngineHost> {
  return usingProjectModels ? EngineHost.start() : EngineHost.start({ modelsDir: FIXTURES, aliases: FIXTURE_NAMES });
}

/** L2-normalised mean of the in-vocabulary Word2Vec vectors (zero vector if none). */
export async function semanticVector(engine: EngineLike, text: string): Promise<number[]> {
  const encoded = (await engine.tokenize("word2vec", text)) as { input_ids: number[] };
  const dim = ((await engine.info("word2vec")) as { dim: number }).dim;
  if (encoded.input_ids.length === 0) return new Array(dim).fill(0);
  const { outputs } = await engine.forward("word2vec", { input_ids: [encoded.input_ids] });
  const rows = (outputs as { vectors: number[][][] }).vectors[0];
  const mean = new Array(dim).fill(0);
  for (const row of rows) row.forEach((x, j) => (mean[j] += x / rows.length));
  const norm = Math.hypot(...mean);
  return mean.map((x) => x / norm);
}

/** {label, probs (softmax), loss (cross-entropy vs class index)} for the bert-cls model. */
export async function textClassification(engine: EngineLike, text: string, label: number) {
  const encoded = (await engine.tokenize("bert-cls", text)) as { input_ids: number[]; attention_mask: number[] };
  const { outputs } = await engine.forward("bert-cls", { input_ids: [encoded.input_ids], attention_mask: [encoded.attention_mask] });
  const row = (outputs as { logits: number[][] }).logits[0];
  const top = Math.max(...row);
  const exps = row.map((x) => Math.exp(x - top));
  const total = exps.reduce((a, b) => a + b, 0);
  const probs = exps.map((e) => e / total);
  const names = await engine.labels("bert-cls");
  return { label: names[probs.indexOf(Math.max(...probs))], probs, loss: top + Math.log(total) - row[label] };
}
