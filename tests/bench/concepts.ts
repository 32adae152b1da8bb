/**
 * The concept scorer's quality on the labelled set (tests/eval/concept-eval.ts): precision and recall per class,
 * and how many negated answers were called correct. `npm run eval:concepts` prints the same tables alone.
 */
import { scoreAnswer } from "@/lib/grader/concept/score-answer";
import { EVAL_CLASSES, evaluateScorer, openWord2VecEngine, type EvalReport } from "../eval/concept-eval";
import type { BenchSuite, Table } from "./bench-suite";

export function conceptEvalTables(report: EvalReport): Table[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    {
      title: `Concept scorer: precision/recall per class (${report.cases} answers, ${report.questions} questions, zh+en)`,
      columns: ["class", "answers", "predicted", "correctly predicted", "precision", "recall"],
      rows: report.perClass.map((m) => [m.cls, m.support, m.predicted, m.truePositives, pct(m.precision), pct(m.recall)]),
      note: `accuracy ${pct(report.accuracy)}; negated answers scored as correct: ${report.negatedAsCorrect} (must be 0)`,
    },
    {
      title: "Concept scorer: confusion (rows = label, columns = predicted)",
      columns: ["label", ...EVAL_CLASSES],
      rows: EVAL_CLASSES.map((e) => [e, ...EVAL_CLASSES.map((p) => report.confusion[e][p])]),
    },
  ];
}

export const conceptsSuite: BenchSuite = {
  name: "concepts",
  async run() {
    const { engine, close } = await openWord2VecEngine();
    try {
      return conceptEvalTables(await evaluateScorer(scoreAnswer, engine));
    } finally {
      await close();
    }
  },
};
