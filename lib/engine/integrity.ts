/**
 * Refuses model files that are not what the manifest promised, or that reach outside their folder:
 * a model folder is data an operator may have copied from anywhere, and ONNX Runtime will follow
 * whatever paths it contains.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { EngineError } from "./errors";
import { externalDataReferences, MalformedOnnxError } from "./onnx-external-data";

/** True when `child` is `parent` or lies under it (both absolute, normalised). */
function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * Resolves a path written inside a model folder (a manifest key, an external-data location) and
 * checks that it stays in `folder` as written and in `root` once symlinks are followed.
 *
 * @example
 * await resolveContained("models/bert", "models", "onnx/model.onnx", "bert") // → "/abs/models/bert/onnx/model.onnx"
 */
export async function resolveContained(folder: string, root: string, relativePath: string, model: string): Promise<string> {
  if (relativePath === "" || path.isAbsolute(relativePath) || relativePath.includes("\0")) {
    throw new EngineError("MODEL_INTEGRITY", `model "${model}": path "${relativePath}" must be relative to the model folder`);
  }
  const lexical = path.resolve(folder, relativePath);
  if (!isInside(path.resolve(folder), lexical)) {
    throw new EngineError("MODEL_INTEGRITY", `model "${model}": path "${relativePath}" escapes the model folder`);
  }
  let real: string;
  try {
    real = await fs.realpath(lexical);
  } catch (cause) {
    // Named from the models folder (what an operator lists), not only from the model's own folder.
    const shown = path.relative(path.resolve(root), lexical) || relativePath;
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" || code === "ENOTDIR" ? "is missing" : `cannot be opened (${code ?? (cause as Error).message})`;
    throw new EngineError("MODEL_LOAD", `model "${model}": file "${shown}" ${why} in the models folder`, { cause });
  }
  const realRoot = await fs.realpath(root);
  if (!isInside(realRoot, real)) {
    throw new EngineError("MODEL_INTEGRITY", `model "${model}": "${relativePath}" resolves outside the models folder (symlink to ${real})`);
  }
  return real;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Checks every file the manifest lists for a model against its sha256.
 *
 * @example
 * await verifyManifestFiles("bert", "/abs/models/bert", "/abs/models", { "config.json": "ab12…" })
 */
export async function verifyManifestFiles(model: string, folder: string, root: string, files: Record<string, string>): Promise<void> {
  for (const [relativePath, expected] of Object.entries(files)) {
    const file = await resolveContained(folder, root, relativePath, model);
    let actual: string;
    try {
      actual = await sha256File(file);
    } catch (cause) {
      // e.g. EACCES (mode or an LSM), EISDIR, EIO: say which file, not only Node's bare "EACCES: permission denied".
      const shown = path.relative(path.resolve(root), file) || relativePath;
      throw new EngineError("MODEL_LOAD", `model "${model}": cannot read "${shown}" (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`, { cause });
    }
    if (actual !== expected) {
      throw new EngineError(
        "MODEL_INTEGRITY",
        `model "${model}": ${relativePath} has sha256 ${actual.slice(0, 12)}…, manifest.json expects ${expected.slice(0, 12)}…; the file was changed or corrupted`,
      );
    }
  }
}

/**
 * Reads an ONNX file's external-data locations and refuses any that leave the model folder
 * (ONNX Runtime resolves them relative to the .onnx file's own directory). Returns the data files,
 * relative to the model folder.
 *
 * @example
 * await verifyExternalData("bert", "/abs/models/bert", "/abs/models", "/abs/models/bert/onnx/model.onnx")
 */
export async function verifyExternalData(model: string, folder: string, root: string, onnxFile: string): Promise<string[]> {
  const bytes = await fs.readFile(onnxFile);
  let references;
  try {
    references = externalDataReferences(bytes);
  } catch (error) {
    if (error instanceof MalformedOnnxError) {
      throw new EngineError("MODEL_LOAD", `model "${model}": ${path.basename(onnxFile)} is not a valid ONNX file (${error.message})`);
    }
    throw error;
  }
  const onnxDir = path.dirname(onnxFile);
  const files = new Set<string>();
  for (const { tensorName, location } of references) {
    const relativeToFolder = path.relative(folder, path.resolve(onnxDir, location));
    if (location === "" || path.isAbsolute(location) || relativeToFolder.startsWith("..") || path.isAbsolute(relativeToFolder)) {
      throw new EngineError(
        "MODEL_INTEGRITY",
        `model "${model}": tensor "${tensorName}" stores its data at "${location}", outside the model folder; refusing to load`,
      );
    }
    await resolveContained(folder, root, relativeToFolder, model);
    files.add(relativeToFolder.split(path.sep).join("/"));
  }
  return [...files];
}

/**
 * A manifest entry must hash every file the engine reads for that model; an unlisted file would be
 * trusted without a check.
 *
 * @example
 * requireListed("bert", { "config.json": "…" }, "onnx/model.onnx") // throws MODEL_INTEGRITY
 */
export function requireListed(model: string, files: Record<string, string> | undefined, relativePath: string): void {
  if (!files) return;
  const listed = Object.keys(files).some((key) => path.posix.normalize(key) === relativePath);
  if (!listed) {
    throw new EngineError("MODEL_INTEGRITY", `model "${model}": manifest.json lists no sha256 for ${relativePath}, which the engine reads; add it`);
  }
}
