/**
 * The concept-scorer evaluation: a labelled set of answers (tests/fixtures/concept-eval/*.yaml, one file per question
 * and locale, each carrying its own copy of the key points so bank edits do not silently move the labels) is scored
 * with the real Word2Vec model, each answer's score is turned into a predicted class, and precision/recall per class
 * are computed. Used by `npm run eval:concepts`, the `concepts` bench suite and tests/unit/concept-eval.test.ts.
 *
 * Classes: correct (most key points, stated right), partial (one or two points), negated (the key claims stated
 * negated or contradicted), off-topic (nothing relevant), keyword-stuffed (a bag of the right terms, no sentences).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { createEngine, type Engine } from "@/lib/engine";
import { answerVerdict, type AnswerScore, type AnswerVerdict, type EmbeddingEngine } from "@/lib/grader/concept/score-answer";

const ROOT = path.resolve(__dirname, "../..");
export const FIXTURE_DIR = path.join(ROOT, "tests/fixtures/concept-eval");

export const EVAL_CLASSES = ["correct", "partial", "negated", "off-topic", "keyword-stuffed"] as const;
export type EvalClass = (typeof EVAL_CLASSES)[number];

const FixtureFile = z.object({
  slug: z.string().min(1),
  locale: z.enum(["zh", "en"]),
  keyPoints: z.array(z.string().min(1)).min(1),
  answers: z.array(z.object({ class: z.enum(EVAL_CLASSES), text: z.string().min(4) })).min(1),
});

export interface EvalCase {
  slug: string;
  locale: "zh" | "en";
  keyPoints: string[];
  expected: EvalClass;
  text: string;
}

/** Every labelled answer, in file order. Throws with the file name when a file does not parse. */
export function loadEvalCases(dir = FIXTURE_DIR): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    const parsed = FixtureFile.safeParse(YAML.parse(fs.readFileSync(path.join(dir, file), "utf8")));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    for (const a of parsed.data.answers) cases.push({ slug: parsed.data.slug, locale: parsed.data.locale, keyPoints: parsed.data.keyPoints, expected: a.class, text: a.text });
  }
  return cases;
}

const FROM_VERDICT: Record<AnswerVerdict, EvalClass> = {
  correct: "correct",
  partial: "partial",
  contradicted: "negated",
  "off-topic": "off-topic",
  stuffed: "keyword-stuffed",
};

/**
 * What the scorer's output says about an answer: the verdict the concept panel shows (answerVerdict). A scorer
 * without negation and stuffing flags (the one before ADR 0603) can only say correct, partial or off-topic.
 */
export function predictClass(score: AnswerScore): EvalClass {
  return FROM_VERDICT[answerVerdict({ score: score.score, stuffed: score.stuffed ?? false, keyPoints: score.keyPoints.map((k) => ({ ...k, contradicted: k.contradicted ?? false })) })];
}

export interface ClassMetrics {
  cls: EvalClass;
  support: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
}

export interface EvalReport {
  cases: number;
  questions: number;
  accuracy: number;
  perClass: ClassMetrics[];
  /** Negated answers whose predicted class is "correct": must be 0. */
  negatedAsCorrect: number;
  /** confusion[expected][predicted] */
  confusion: Record<EvalClass, Record<EvalClass, number>>;
  predictions: { c: EvalCase; predicted: EvalClass; score: number }[];
}

export type Scorer = (args: { answer: string; keyPoints: readonly string[]; locale: "zh" | "en"; engine: EmbeddingEngine }) => Promise<AnswerScore>;

export async function evaluateScorer(scorer: Scorer, engine: EmbeddingEngine, cases = loadEvalCases()): Promise<EvalReport> {
  const predictions: EvalReport["predictions"] = [];
  for (const c of cases) {
    const result = await scorer({ answer: c.text, keyPoints: c.keyPoints, locale: c.locale, engine });
    predictions.push({ c, predicted: predictClass(result), score: result.score });
  }
  const confusion = Object.fromEntries(EVAL_CLASSES.map((e) => [e, Object.fromEntries(EVAL_CLASSES.map((p) => [p, 0]))])) as EvalReport["confusion"];
  for (const p of predictions) confusion[p.c.expected][p.predicted] += 1;
  const perClass = EVAL_CLASSES.map((cls): ClassMetrics => {
    const support = predictions.filter((p) => p.c.expected === cls).length;
    const predicted = predictions.filter((p) => p.predicted === cls).length;
    const truePositives = confusion[cls][cls];
    return { cls, support, predicted, truePositives, precision: predicted ? truePositives / predicted : 0, recall: support ? truePositives / support : 0 };
  });
  return {
    cases: predictions.length,
    questions: new Set(cases.map((c) => c.slug)).size,
    accuracy: predictions.filter((p) => p.predicted === p.c.expected).length / Math.max(1, predictions.length),
    perClass,
    negatedAsCorrect: confusion.negated.correct,
    confusion,
    predictions,
  };
}

/**
 * An engine with only the Word2Vec model (copied into a temp models dir with its own manifest, so the evaluation
 * does not depend on which other models are built). Call `close()` when done.
 */
export async function openWord2VecEngine(): Promise<{ engine: Engine; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-concept-eval-"));
  const src = path.join(ROOT, "models/word2vec");
  fs.cpSync(src, path.join(dir, "word2vec"), { recursive: true });
  const files = Object.fromEntries(["config.json", "vocab.json", "onnx/model.onnx"].map((f) => [f, createHash("sha256").update(fs.readFileSync(path.join(src, f))).digest("hex")]));
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: 1, models: [{ name: "word2vec", kind: "word2vec", path: "word2vec", files }] }));
  const engine = await createEngine({ modelsDir: dir, batchWindowMs: 0 });
  return {
    engine,
    close: async () => {
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
