/**
 * Last step of the model build: writes models/manifest.json with the sha256 of every file of every
 * model (the engine refuses a file whose hash does not match). Models are listed in a fixed order;
 * extra models an operator added by hand are kept (their hashes refreshed).
 *
 * Usage: node models/build/write_manifest.mjs
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, dirname, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const models = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifestPath = join(models, "manifest.json");
// quality.json is documentation, not something the engine loads, so it is not hashed.
const SKIP = new Set(["quality.json"]);

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (!SKIP.has(entry)) out.push(path);
  }
  return out;
}

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

const ours = [
  { name: "word2vec", kind: "word2vec", path: "word2vec" },
  { name: "bert", kind: "bert", path: "bert" },
  { name: "bert-cls", kind: "bert-cls", path: "bert-cls" },
];
const previous = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")).models : [];
const extra = previous.filter((m) => !ours.some((o) => o.name === m.name));

const entries = [...ours, ...extra.map(({ name, kind, path }) => ({ name, kind, path }))].map((m) => {
  const dir = join(models, m.path);
  const files = {};
  for (const file of filesUnder(dir)) files[relative(dir, file).split(sep).join("/")] = sha256(file);
  return { ...m, files };
});
writeFileSync(manifestPath, JSON.stringify({ version: 1, models: entries }, null, 2) + "\n");
console.log(`manifest: ${entries.map((m) => `${m.name} (${Object.keys(m.files).length} files)`).join(", ")}`);
