/**
 * Runs lib/bank/markdown in a plain Node process (via tsx) and prints JSON results for
 * tests/bank/markdown.test.ts: every bank text's `removed` list, plus named cases.
 *
 * Why a child process: the unified/remark/rehype packages are ESM-only, and the Jest config transforms
 * only a short allow-list of node_modules, so Jest cannot load them in-process. Node itself can.
 *
 * Usage: npx tsx tests/bank/support/render-markdown.ts <bank dir>   (cases are read as JSON from stdin)
 */
import fs from "node:fs";
import { loadBankFiles } from "../../../lib/bank/load";
import { renderMarkdown } from "../../../lib/bank/markdown";

const bankDir = process.argv[2] ?? "prisma/bank";
const cases = JSON.parse(fs.readFileSync(0, "utf8")) as Record<string, string>;

const { questions } = loadBankFiles(bankDir);
const bank: { where: string; removed: string[] }[] = [];
for (const q of questions) {
  for (const locale of ["zh", "en"] as const) {
    const content = q.content[locale];
    if (!content) continue;
    for (const field of ["body", "answer", "explanation"] as const) {
      bank.push({ where: `${q.slug} ${locale}.${field}`, removed: renderMarkdown(content[field]).removed });
    }
    content.keyPoints.forEach((point, i) => {
      bank.push({ where: `${q.slug} ${locale}.keyPoints.${i}`, removed: renderMarkdown(point).removed });
    });
    content.probes.forEach((probe, i) => {
      bank.push({ where: `${q.slug} ${locale}.probes.${i}`, removed: renderMarkdown(probe).removed });
    });
  }
}
const rendered = Object.fromEntries(Object.entries(cases).map(([name, md]) => [name, renderMarkdown(md)]));
process.stdout.write(JSON.stringify({ bank, cases: rendered }));
