/**
 * The grader's start-up self-test: for each language, a tiny correct solution of the `semantic-vector`
 * seed task runs through the real sandbox against the real engine and must be accepted. The worker refuses
 * to take jobs and /api/health reports unhealthy while any language fails.
 *
 * @example
 *   const report = await selfTest(await getEngine());
 *   // → { python: { ok: true, ms: 180 }, javascript: { ok: true, ms: 150 }, typescript: { ok: true, ms: 140 } }
 */
import { gradeInSandbox } from "./run-tests";
import type { EngineLike, GradeLanguage } from "./types";

export type SelfTestOutcome = { ok: true; ms: number } | { ok: false; ms: number; error: string };
export type SelfTestReport = Record<GradeLanguage, SelfTestOutcome>;

const TEXTS = ["我喜欢机器学习", "hello world", ""];

/** Tiny correct semantic-vector solutions, one per language (also used by the grader bench). */
export const selfTestSolutions: Record<GradeLanguage, { entry: string; code: string }> = {
  python: {
    entry: "llm_inference",
    code: `import math
def llm_inference(text, engine):
    ids = engine.tokenize("word2vec", text)["input_ids"]
    dim = engine.info("word2vec")["dim"]
    if not ids:
        return [0.0] * dim
    rows = engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0]
    mean = [sum(r[j] for r in rows) / len(rows) for j in range(dim)]
    norm = math.sqrt(sum(x * x for x in mean))
    return [x / norm for x in mean]
`,
  },
  javascript: {
    entry: "llmInference",
    code: `async function llmInference(text, engine) {
  const { input_ids: ids } = await engine.tokenize("word2vec", text);
  const { dim } = await engine.info("word2vec");
  if (ids.length === 0) return new Array(dim).fill(0);
  const { vectors } = await engine.forward("word2vec", { input_ids: [ids] });
  const mean = new Array(dim).fill(0);
  for (const row of vectors[0]) row.forEach((x, j) => (mean[j] += x / ids.length));
  const norm = Math.hypot(...mean);
  return mean.map((x) => x / norm);
}
`,
  },
  typescript: {
    entry: "llmInference",
    code: `export async function llmInference(text: string, engine: any): Promise<number[]> {
  const ids: number[] = (await engine.tokenize("word2vec", text)).input_ids;
  const dim: number = (await engine.info("word2vec")).dim;
  if (ids.length === 0) return new Array<number>(dim).fill(0);
  const rows: number[][] = (await engine.forward("word2vec", { input_ids: [ids] })).vectors[0];
  const mean = new Array<number>(dim).fill(0);
  for (const row of rows) row.forEach((x, j) => (mean[j] += x / ids.length));
  const norm = Math.hypot(...mean);
  return mean.map((x) => x / norm);
}
`,
  },
};

/** The same computation done on the host, straight against the engine. */
async function expectedVector(engine: EngineLike, text: string): Promise<number[]> {
  const ids = ((await engine.tokenize("word2vec", text)) as { input_ids: number[] }).input_ids;
  const dim = ((await engine.info("word2vec")) as { dim: number }).dim;
  if (ids.length === 0) return new Array(dim).fill(0);
  const rows = ((await engine.forward("word2vec", { input_ids: [ids] })).outputs as { vectors: number[][][] }).vectors[0];
  const mean = new Array(dim).fill(0);
  for (const row of rows) row.forEach((x, j) => (mean[j] += x / rows.length));
  const norm = Math.hypot(...mean);
  return mean.map((x) => x / norm);
}

/** Runs one tiny accepted-solution check per language; never throws (a failure is reported per language). */
export async function selfTest(engine: EngineLike): Promise<SelfTestReport> {
  const report = {} as SelfTestReport;
  let tests: { args: unknown[]; expected: number[] }[];
  try {
    tests = await Promise.all(TEXTS.map(async (t) => ({ args: [t], expected: await expectedVector(engine, t) })));
  } catch (error) {
    const failed: SelfTestOutcome = { ok: false, ms: 0, error: `the engine cannot run the self-test: ${(error as Error).message}` };
    return { python: failed, javascript: failed, typescript: failed };
  }
  for (const language of Object.keys(selfTestSolutions) as GradeLanguage[]) {
    const started = performance.now();
    try {
      const result = await gradeInSandbox({
        language,
        ...selfTestSolutions[language],
        tests,
        checker: { type: "cosine", minSimilarity: 0.999, normTolerance: 1e-3 },
        engine,
      });
      const ms = Math.round(performance.now() - started);
      if (result.verdict === "AC") report[language] = { ok: true, ms };
      else {
        const first = result.tests.find((t) => t.verdict !== "AC");
        const why = result.internalError ?? result.compileError?.message ?? first?.error ?? first?.diff ?? "";
        report[language] = { ok: false, ms, error: `verdict ${result.verdict}${why ? `: ${why.slice(0, 500)}` : ""}` };
      }
    } catch (error) {
      report[language] = { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
    }
  }
  return report;
}

/** True when every language passed. */
export function selfTestPassed(report: SelfTestReport): boolean {
  return Object.values(report).every((outcome) => outcome.ok);
}
