/**
 * Step 3b of the model build: tokenizes the corpus with @huggingface/tokenizers reading the generated
 * tokenizer.json — the same library and file the engine uses at run time — so training ids and runtime
 * ids are identical. Writes models/.cache/bert-ids.tsv, one record per line:
 *   source \t meta \t space-separated ids (without [CLS]/[SEP]; the trainer adds them)
 * where source is wordnet | fortunes-zh | manpages-zh | docs-zh | debref and meta is "lang chapter section"
 * for debref rows (the classifier's labelled data) and "-" otherwise.
 *
 * Usage: node models/build/tokenize_corpus.mjs
 */
import { Tokenizer } from "@huggingface/tokenizers";
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const cache = join(dirname(fileURLToPath(import.meta.url)), "..", ".cache");
const wp = join(cache, "wordpiece");
const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(join(wp, "tokenizer.json"), "utf8")),
  JSON.parse(readFileSync(join(wp, "tokenizer_config.json"), "utf8")),
);

const out = [];
let tokens = 0;
let unknown = 0;
const UNK = tokenizer.encode("[UNK]", { add_special_tokens: false }).ids[0];

function add(source, meta, text) {
  const { ids } = tokenizer.encode(text, { add_special_tokens: false });
  if (ids.length === 0) return;
  tokens += ids.length;
  for (const id of ids) if (id === UNK) unknown++;
  out.push(`${source}\t${meta}\t${ids.join(" ")}`);
}

for (const name of ["wordnet", "fortunes-zh", "manpages-zh", "docs-zh"]) {
  for (const line of readFileSync(join(cache, "corpus", `${name}.txt`), "utf8").split("\n")) {
    if (line.trim()) add(name, "-", line);
  }
}
for (const row of readFileSync(join(cache, "corpus", "debref.tsv"), "utf8").split("\n")) {
  const [lang, chapter, section, text] = row.split("\t");
  if (text) add("debref", `${lang} ${chapter} ${section}`, text);
}
writeFileSync(join(cache, "bert-ids.tsv"), out.join("\n") + "\n");
console.log(`${out.length} records, ${tokens} tokens, ${((100 * unknown) / tokens).toFixed(3)}% [UNK]`);
