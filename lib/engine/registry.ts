/**
 * Finds the models to load: every entry of models/manifest.json, plus any other folder in the
 * Hugging Face export layout (config.json + tokenizer.json + onnx/model.onnx), so an operator can
 * drop in a real bert-base-chinese export without editing the manifest.
 */
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { EngineError } from "./errors";
import { MODEL_NAME, manifestSchema } from "./manifest";
import type { ModelSpec } from "./model-loader";

const HF_LAYOUT = ["config.json", "tokenizer.json", "onnx/model.onnx"];

/**
 * Lists the models in a models folder, manifest entries first, then scanned HF-layout folders by name.
 *
 * @example
 * await discoverModels("/abs/models") // → [{ name: "word2vec", kind: "word2vec", folder: "/abs/models/word2vec", files: {…} }, …]
 */
export async function discoverModels(modelsDir: string): Promise<ModelSpec[]> {
  if (!existsSync(modelsDir)) throw new EngineError("MODEL_LOAD", `models folder ${shownFolder(modelsDir)} does not exist (set CLOCKWISE_MODELS_DIR)`);
  const specs: ModelSpec[] = [];
  const claimedFolders = new Set<string>();
  const manifestPath = path.join(modelsDir, "manifest.json");
  if (existsSync(manifestPath)) {
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(manifestPath, "utf8"));
    } catch (cause) {
      throw new EngineError("MODEL_LOAD", `manifest.json is not valid JSON: ${(cause as Error).message}`, { cause });
    }
    const parsed = manifestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EngineError("MODEL_LOAD", `manifest.json: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    for (const entry of parsed.data.models) {
      const folder = path.resolve(modelsDir, entry.path);
      const relative = path.relative(modelsDir, folder);
      if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) {
        throw new EngineError("MODEL_INTEGRITY", `manifest.json: model "${entry.name}" path "${entry.path}" is outside the models folder`);
      }
      if (specs.some((spec) => spec.name === entry.name)) throw new EngineError("MODEL_LOAD", `manifest.json lists "${entry.name}" twice`);
      specs.push({ name: entry.name, kind: entry.kind, folder, files: entry.files });
      claimedFolders.add(folder);
    }
  }
  const entries = await fs.readdir(modelsDir, { withFileTypes: true });
  const scanned = entries
    .filter((entry) => (entry.isDirectory() || entry.isSymbolicLink()) && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  for (const name of scanned) {
    const folder = path.join(modelsDir, name);
    if (claimedFolders.has(folder) || !HF_LAYOUT.every((file) => existsSync(path.join(folder, file)))) continue;
    if (!MODEL_NAME.test(name)) continue;
    if (specs.some((spec) => spec.name === name)) {
      throw new EngineError("MODEL_LOAD", `folder "${name}" is not in manifest.json but a manifest model already has that name`);
    }
    specs.push({ name, folder });
  }
  if (specs.length === 0) {
    const what = entries.length === 0 ? "the folder is empty" : "no manifest.json and no model folder";
    throw new EngineError("MODEL_LOAD", `no models in ${shownFolder(modelsDir)} (${what}): expected manifest.json or folders with ${HF_LAYOUT.join(" + ")}`);
  }
  return specs;
}

/**
 * The models folder as load errors name it: relative to the working directory when it lies inside it (the default
 * `models`), so messages that reach /api/health or a refused submission do not reveal the server's directory layout;
 * a folder elsewhere is named as configured (the operator chose it).
 *
 * @example
 *   shownFolder(path.resolve("models")) // "models"
 */
function shownFolder(modelsDir: string): string {
  const relative = path.relative(process.cwd(), modelsDir);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : modelsDir;
}
