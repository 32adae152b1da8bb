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
