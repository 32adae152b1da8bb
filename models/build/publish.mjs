/**
 * Last step of the model build: copies the staged models (models/.cache/staging/<name>/) into
 * models/<name>/ and writes models/manifest.json with the sha256 of every file of every model (the
 * engine refuses a file whose hash does not match). Each file is written to a temporary name and
 * renamed, and the manifest is written last, so a running engine sees old or new files, never halves.
 * Extra models an operator listed in the manifest by hand are kept (their hashes refreshed).
 *
 * Usage: node models/build/publish.mjs [name ...]   (default: every staged model)
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, dirname, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const models = join(dirname(fileURLToPath(import.meta.url)), "..");
const staging = process.env.MODELS_STAGING ?? join(models, ".cache", "staging");
const manifestPath = join(models, "manifest.json");
// quality.json documents the model; the engine never loads it, so it is not hashed.
const UNHASHED = new Set(["quality.json"]);
const OURS = [
  { name: "word2vec", kind: "word2vec", path: "word2vec" },
  { name: "bert", kind: "bert", path: "bert" },
  { name: "bert-cls", kind: "bert-cls", path: "bert-cls" },
  { name: "gpt", kind: "gpt", path: "gpt" },
  { name: "gpt-draft", kind: "gpt", path: "gpt-draft" },
];

/** Every file below root, as "/"-separated paths relative to root, sorted. */
function filesUnder(root, dir = root) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(root, path));
    else out.push(relative(root, path).split(sep).join("/"));
  }
  return out;
}

const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

const wanted = process.argv.slice(2);
for (const { name, path } of OURS) {
  const from = join(staging, name);
  if (!existsSync(from) || (wanted.length > 0 && !wanted.includes(name))) continue;
  const to = join(models, path);
  const files = filesUnder(from);
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(from, file), join(to, `${file}.tmp`));
    renameSync(join(to, `${file}.tmp`), join(to, file));
  }
  if (existsSync(to)) for (const stale of filesUnder(to).filter((f) => !files.includes(f))) rmSync(join(to, stale));
  console.log(`published ${name}: ${files.length} files`);
}

const previous = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")).models : [];
const extra = previous.filter((m) => !OURS.some((o) => o.name === m.name)).map(({ name, kind, path }) => ({ name, kind, path }));
const entries = [...OURS.filter((m) => existsSync(join(models, m.path))), ...extra].map((m) => {
  const dir = join(models, m.path);
  const files = {};
  for (const file of filesUnder(dir)) if (!UNHASHED.has(file.split("/").pop())) files[file] = sha256(join(dir, file));
  return { ...m, files };
});
writeFileSync(`${manifestPath}.tmp`, JSON.stringify({ version: 1, models: entries }, null, 2) + "\n");
renameSync(`${manifestPath}.tmp`, manifestPath);
console.log(`manifest: ${entries.map((m) => `${m.name} (${Object.keys(m.files).length} files)`).join(", ")}`);
