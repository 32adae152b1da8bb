/**
 * Classifier data, step 2: tokenizes models/.cache/pkgdesc.tsv (extract_pkgdesc.py) with the BERT
 * tokenizer the engine serves for bert-cls (models/bert/tokenizer.json, @huggingface/tokenizers — the
 * same library and file as at run time), and writes models/.cache/pkgdesc-ids.tsv:
 *   lang \t label \t split \t package \t ids (space-separated, with [CLS] … [SEP], at most 128)
 * Long descriptions are cut to 126 word pieces and [SEP] appended, as engine.tokenize(…, max_length) does.
 *
 * Usage: node models/build/tokenize_pkgdesc.mjs
 */
import { Tokenizer } from "@huggingface/tokenizers";
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const models = join(dirname(fileURLToPath(import.meta.url)), "..");
const cache = join(models, ".cache");
const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(join(models, "bert", "tokenizer.json"), "utf8")),
  JSON.parse(readFileSync(join(models, "bert", "tokenizer_config.json"), "utf8")),
);
const MAX = 128;
const out = [];
for (const line of readFileSync(join(cache, "pkgdesc.tsv"), "utf8").split("\n")) {
  if (!line) continue;
  const [lang, label, split, pkg, text] = line.split("\t");
  let ids = tokenizer.encode(text).ids;
  if (ids.length > MAX) ids = [...ids.slice(0, MAX - 1), ids[ids.length - 1]];
  out.push([lang, label, split, pkg, ids.join(" ")].join("\t"));
}
writeFileSync(join(cache, "pkgdesc-ids.tsv"), out.join("\n") + "\n");
console.log(`pkgdesc: ${out.length} descriptions tokenized`);
