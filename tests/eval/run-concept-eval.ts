/**
 * `npm run eval:concepts [-- --verbose]`: scores the labelled concept answers and prints precision/recall per class
 * (and with --verbose every misclassified answer).
 */
import { scoreAnswer } from "@/lib/grader/concept/score-answer";
import { conceptEvalTables } from "../bench/concepts";
import { evaluateScorer, openWord2VecEngine } from "./concept-eval";

async function main(): Promise<void> {
  const { engine, close } = await openWord2VecEngine();
  try {
    const report = await evaluateScorer(scoreAnswer, engine);
    for (const table of conceptEvalTables(report)) {
      console.log(`\n### ${table.title}\n`);
      console.log(`| ${table.columns.join(" | ")} |`);
      console.log(`|${table.columns.map(() => "---").join("|")}|`);
      for (const row of table.rows) console.log(`| ${row.join(" | ")} |`);
      if (table.note) console.log(`\n${table.note}`);
    }
    if (process.argv.includes("--verbose")) {
      console.log("\nMisclassified:");
      for (const p of report.predictions.filter((x) => x.predicted !== x.c.expected)) {
        console.log(`- [${p.c.slug}.${p.c.locale}] ${p.c.expected} → ${p.predicted} (score ${p.score.toFixed(2)}): ${p.c.text.slice(0, 90)}`);
      }
    }
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
