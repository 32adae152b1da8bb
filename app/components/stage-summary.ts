/**
 * Numbers behind the stage-timing chart: per-stage totals of a submission and of the reference
 * solution, and the one sentence worth telling the candidate ("your post-processing took 4.1× the
 * reference"). Pure, so it is unit-tested and shared by the chart and the progress page.
 */
import type { StageTimings } from "@/lib/grader/submission-contract";

export const STAGES = ["input", "forward", "post"] as const;
export type Stage = (typeof STAGES)[number];

const FIELD: Record<Stage, keyof StageTimings> = { input: "inputMs", forward: "forwardMs", post: "postMs" };

export function stageMs(t: StageTimings, stage: Stage): number {
  return Math.max(0, t[FIELD[stage]] || 0);
}

export function totalMs(t: StageTimings): number {
  return STAGES.reduce((sum, s) => sum + stageMs(t, s), 0);
}

export interface StageTotals {
  mine: StageTimings;
  /** Null when no test carried reference timings. */
  ref: StageTimings | null;
  /** Tests that had both timings; the comparison uses only these so missing references do not skew it. */
  compared: number;
}

/**
 * Sums stage timings over tests. Reference totals only count tests that have a reference.
 *
 * @example
 * sumStages([{ stages: { inputMs: 1, forwardMs: 2, postMs: 3 }, ref: { inputMs: 1, forwardMs: 1, postMs: 1 } }])
 * // → { mine: { inputMs: 1, forwardMs: 2, postMs: 3 }, ref: { inputMs: 1, forwardMs: 1, postMs: 1 }, compared: 1 }
 */
export function sumStages(tests: readonly { stages: StageTimings; ref: StageTimings | null }[]): StageTotals {
  const mine = { inputMs: 0, forwardMs: 0, postMs: 0 };
  const ref = { inputMs: 0, forwardMs: 0, postMs: 0 };
  let compared = 0;
  for (const t of tests) {
    for (const s of STAGES) mine[FIELD[s]] += stageMs(t.stages, s);
    if (t.ref) {
      compared += 1;
      for (const s of STAGES) ref[FIELD[s]] += stageMs(t.ref, s);
    }
  }
  return { mine, ref: compared > 0 ? ref : null, compared };
}

export interface StageComparison {
  stage: Stage;
  /** mine / reference for that stage. */
  ratio: number;
}

/**
 * The stage where the candidate is furthest from the reference (largest ratio), ignoring stages where
 * both sides spent under `floorMs` (timer noise). Null without a reference or when nothing is measurable.
 *
 * @example
 * worstStage({ inputMs: 1, forwardMs: 2, postMs: 4.1 }, { inputMs: 1, forwardMs: 2, postMs: 1 }) // → { stage: "post", ratio: 4.1 }
 */
export function worstStage(mine: StageTimings, ref: StageTimings | null, floorMs = 0.05): StageComparison | null {
  if (!ref) return null;
  let worst: StageComparison | null = null;
  for (const s of STAGES) {
    const a = stageMs(mine, s);
    const b = stageMs(ref, s);
    if (a < floorMs && b < floorMs) continue;
    // A reference stage below the floor is clamped to it, so a near-zero reference cannot make the ratio explode.
    const ratio = a / Math.max(b, floorMs);
    if (!worst || ratio > worst.ratio) worst = { stage: s, ratio };
  }
  return worst;
}

/** "0.42 ms", "12.3 ms", "1.20 s". */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** What the comparison with the reference may use from one test (a redacted hidden test is never passed in). */
export interface ComparableTest {
  verdict: string;
  engineCalls: number;
  stages: StageTimings;
  ref: StageTimings | null;
}

export type TimingVerdict =
  | {
      kind: "compare";
      stage: Stage;
      /** Median over the compared tests of (mine / reference) for that stage. */
      ratio: number;
      /** Smallest and largest per-test ratio: the spread the timer noise and the inputs make. */
      low: number;
      high: number;
      /** Tests compared (accepted, with engine calls, with reference timings). */
      n: number;
    }
  | { kind: "none"; reason: "noEngine" | "noAccepted" | "noRef" };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The one timing sentence worth showing, or why there is none (docs/adr/0611-timing-verdict.md). Only accepted tests
 * that called the engine and have reference timings are compared — a failed test's time (RE after 1 ms, TLE after
 * the limit) and a task without inference say nothing about the candidate's pipeline. Per test and stage the ratio
 * mine / max(reference, floor) is taken (stages where both sides are under `floorMs` are skipped); the stage with
 * the largest MEDIAN ratio is reported, with the per-test range so the noise of single millisecond-level runs shows.
 *
 * @example
 *   compareWithReference([{ verdict: "AC", engineCalls: 2, stages: st(2, 1, 1), ref: st(1, 1, 1) },
 *                         { verdict: "AC", engineCalls: 2, stages: st(4, 1, 1), ref: st(1, 1, 1) }])
 *   // → { kind: "compare", stage: "input", ratio: 3, low: 2, high: 4, n: 2 }
 */
export function compareWithReference(tests: readonly ComparableTest[], floorMs = 0.05): TimingVerdict {
  const withEngine = tests.filter((t) => t.engineCalls > 0);
  if (withEngine.length === 0) return { kind: "none", reason: "noEngine" };
  const accepted = withEngine.filter((t) => t.verdict === "AC");
  if (accepted.length === 0) return { kind: "none", reason: "noAccepted" };
  const compared = accepted.filter((t): t is ComparableTest & { ref: StageTimings } => t.ref !== null);
  if (compared.length === 0) return { kind: "none", reason: "noRef" };
  let best: Extract<TimingVerdict, { kind: "compare" }> | null = null;
  for (const s of STAGES) {
    const ratios = compared
      .filter((t) => stageMs(t.stages, s) >= floorMs || stageMs(t.ref, s) >= floorMs)
      .map((t) => stageMs(t.stages, s) / Math.max(stageMs(t.ref, s), floorMs));
    if (ratios.length === 0) continue;
    const ratio = median(ratios);
    if (!best || ratio > best.ratio) best = { kind: "compare", stage: s, ratio, low: Math.min(...ratios), high: Math.max(...ratios), n: ratios.length };
  }
  return best ?? { kind: "none", reason: "noRef" };
}
