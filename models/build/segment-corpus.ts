/**
 * Step 2a of the model build: segments the extracted corpus with the engine's own word tokenizer
 * (lib/engine/word-tokenizer.ts), so Word2Vec is trained on exactly the words the engine produces at
 * inference time. Writes models/.cache/w2v-sentences.txt: one record per line, words joined by a space.
 *
 * Usage: npx tsx models/build/segment-corpus.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { wordTokenize } from "../../lib/engine/word-tokenizer";

const corpusDir = join(__dirname, "..", ".cache", "corpus");
const outPath = join(__dirname, "..", ".cache", "w2v-sentences.txt");

function records(): string[] {
  const lines: string[] = [];
  for (const name of ["wordnet.txt", "fortunes-zh.txt", "manpages-zh.txt", "docs-zh.txt"]) {
    lines.push(...readFileSync(join(corpusDir, name), "utf8").split("\n"));
  }
  // debref.tsv: lang \t chapter \t section \t text — only the text is corpus.
  for (const row of readFileSync(join(corpusDir, "debref.tsv"), "utf8").split("\n")) {
    const text = row.split("\t")[3];
    if (text) lines.push(text);
  }
  return lines.filter((l) => l.trim().length > 0);
}

const out: string[] = [];
let words = 0;
for (const record of records()) {
  const tokens = wordTokenize(record);
  if (tokens.length < 2) continue;
  words += tokens.length;
  out.push(tokens.join(" "));
}
writeFileSync(outPath, out.join("\n") + "\n");
console.log(`segmented ${out.length} sentences, ${words} words → ${outPath}`);
