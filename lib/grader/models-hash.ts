/**
 * A short fingerprint of the models the engine serves (sha256 of models/manifest.json, which lists every model
 * file's sha256). Part of the reference cache key: retraining a model changes reference outputs.
 *
 * @example
 *   modelsFingerprint() // → "3f9a0c2b1d7e4a55"
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { resolveEngineConfig } from "@/lib/engine/config";

let cached: { dir: string; hash: string } | undefined;

export function modelsFingerprint(): string {
  const dir = resolveEngineConfig({}).modelsDir;
  if (cached?.dir === dir) return cached.hash;
  const manifest = path.join(dir, "manifest.json");
  const hash = createHash("sha256");
  if (fs.existsSync(manifest)) hash.update(fs.readFileSync(manifest));
  else hash.update(`no-manifest:${dir}`);
  cached = { dir, hash: hash.digest("hex").slice(0, 16) };
  return cached.hash;
}
