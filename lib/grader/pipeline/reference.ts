/**
 * The reference solution's run on a question's tests: its outputs are the expected values of tests that give
 * none, and its stage timings are shown beside the user's for every test. One run per question version +
 * language + models fingerprint, kept in memory and in a durable store shared by all workers.
 *
 * @example
 *   const cache = new ReferenceCache(store);
 *   const run = await cache.get({ question, language: "python", engine });
 *   run.tests[3].value   // the reference's output for the question's 4th test
 *   run.tests[3].stages  // { inputMs, forwardMs, postMs }
 */
import type { CodingSpec } from "@/lib/bank/schema";
import { gradeInSandbox } from "../run-tests";
import type { EngineLike, GenerationTiming, GradeLanguage, GradeTest, StageTimes, Verdict } from "../types";
import { modelsFingerprint } from "@/lib/grader/models-hash";
import { childLogger } from "@/lib/observability/log";

export interface ReferenceTestRun {
  verdict: Verdict;
  /** The full returned value (absent when the reference failed on this test). */
  value?: unknown;
  stages: StageTimes;
  /** Decoder tasks: the reference's decode loop (bounded summary). */
  generation?: GenerationTiming;
  error?: string;
}

export interface ReferenceRun {
  language: GradeLanguage;
  tests: ReferenceTestRun[];
}

export interface QuestionForGrading {
  id: string;
  slug: string;
  version: number;
  coding: CodingSpec;
}

/** Durable side of the cache (the database in the app; absent in unit use). */
export interface ReferenceStore {
  read(cacheKey: string): Promise<ReferenceRun | null>;
  write(cacheKey: string, questionId: string, run: ReferenceRun): Promise<void>;
}

/** The failure of a reference run is ours (a broken question or an overloaded box), never the user's. */
export class ReferenceFailure extends Error {
  override name = "ReferenceFailure";
}

/** The submission's language when the question has a reference in it, else Python (every question has one). */
export function referenceLanguage(spec: CodingSpec, language: GradeLanguage): GradeLanguage {
  if (spec.languages[language]?.reference) return language;
  if (language === "typescript" && spec.languages.javascript.reference) return "javascript";
  return "python";
}

/** Entry function name for `language` (TypeScript uses the JavaScript entry when it has no spec of its own). */
export function entryFor(spec: CodingSpec, language: GradeLanguage): string {
  return (spec.languages[language] ?? spec.languages.javascript).entry;
}

/**
 * Grades the reference on `tests` (unchecked unless a test carries an expected value) and keeps full values.
 * Throws ReferenceFailure when it has no reference or does not compile.
 */
export async function runReference(opts: {
  spec: CodingSpec;
  language: GradeLanguage;
  tests: GradeTest[];
  engine: EngineLike;
}): Promise<ReferenceRun> {
  const { spec, language } = opts;
  const code = spec.languages[language]?.reference;
  if (!code) throw new ReferenceFailure(`the question has no ${language} reference solution`);
  const result = await gradeInSandbox({
    language,
    code,
    entry: entryFor(spec, language),
    tests: opts.tests,
    checker: spec.checker,
    workBound: spec.workBound,
    limits: spec.limits,
    engine: opts.engine,
    keepValues: true,
  });
  if (result.compileError) throw new ReferenceFailure(`the ${language} reference solution does not compile: ${result.compileError.message}`);
  return {
    language,
    tests: result.tests.map((t) => ({
      verdict: t.verdict,
      ...(t.verdict === "AC" || t.verdict === "WA" ? { value: t.value } : {}),
      stages: t.stages,
      ...(t.generation ? { generation: t.generation } : {}),
      ...(t.error ? { error: t.error } : {}),
    })),
  };
}

/** Only clean runs are worth keeping: a TLE under load or an internal error must not stick. */
function cacheable(run: ReferenceRun, expectedCount: number): boolean {
  return run.tests.length === expectedCount && run.tests.every((t) => t.verdict === "AC" || t.verdict === "WA");
}

const MEMORY_ENTRIES = 256;

export class ReferenceCache {
  private readonly memory = new Map<string, Promise<ReferenceRun>>();

  constructor(private readonly store?: ReferenceStore) {}

  static key(question: Pick<QuestionForGrading, "id" | "version">, language: GradeLanguage): string {
    return `${question.id}:v${question.version}:${language}:${modelsFingerprint()}`;
  }

  /** The reference run on all of the question's tests, from memory, the store, or a fresh run (single-flight). */
  get(opts: { question: QuestionForGrading; language: GradeLanguage; engine: EngineLike }): Promise<ReferenceRun> {
    const language = referenceLanguage(opts.question.coding, opts.language);
    const key = ReferenceCache.key(opts.question, language);
    let run = this.memory.get(key);
    if (!run) {
      run = this.load(key, opts.question, language, opts.engine);
      this.memory.set(key, run);
      if (this.memory.size > MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value!);
      run.then(
        (r) => {
          if (!cacheable(r, opts.question.coding.tests.length)) this.memory.delete(key);
        },
        () => this.memory.delete(key),
      );
    }
    return run;
  }

  private async load(key: string, question: QuestionForGrading, language: GradeLanguage, engine: EngineLike): Promise<ReferenceRun> {
    const tests = question.coding.tests;
    const stored = await this.store?.read(key).catch(() => null);
    if (stored && stored.tests.length === tests.length) return stored;
    const run = await runReference({
      spec: question.coding,
      language,
      tests: tests.map((t) => ({ args: t.args, ...(t.expected !== undefined ? { expected: t.expected } : {}), weight: t.weight })),
      engine,
    });
    if (this.store && cacheable(run, tests.length)) {
      await this.store.write(key, question.id, run).catch((error) => {
        childLogger({ component: "grader" }).warn({ event: "reference.store_failed", err: error }, "could not store a reference run");
      });
    }
    return run;
  }

  /** Forget everything (tests). */
  clear(): void {
    this.memory.clear();
  }
}
