/**
 * Per-model, per-stage latency histograms in the Prometheus shape (cumulative buckets, seconds),
 * so a /metrics endpoint can print them without knowing the engine.
 */
import type { Stage, StagesNs } from "./stage-timer";

/** Upper bounds in seconds; +Inf is implied by `count`. */
export const BUCKETS_SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export type Histogram = {
  count: number;
  /** Total seconds. */
  sum: number;
  /** Cumulative: buckets[i].count observations took ≤ buckets[i].le seconds. */
  buckets: { le: number; count: number }[];
};

export type ModelStats = {
  /** Pipeline calls (tokenize not included: it has no forward). */
  requests: number;
  /** session.run calls; fewer than requests when micro-batching fused them. */
  runs: number;
  /** Sequences sent to session.run in total. */
  sequences: number;
  stages: Partial<Record<Stage, Histogram>>;
};

export type EngineStats = { models: Record<string, ModelStats> };

function emptyHistogram(): Histogram {
  return { count: 0, sum: 0, buckets: BUCKETS_SECONDS.map((le) => ({ le, count: 0 })) };
}

function observe(histogram: Histogram, seconds: number): void {
  histogram.count += 1;
  histogram.sum += seconds;
  for (const bucket of histogram.buckets) if (seconds <= bucket.le) bucket.count += 1;
}

export class StatsRecorder {
  private readonly models = new Map<string, ModelStats>();

  private model(name: string): ModelStats {
    let stats = this.models.get(name);
    if (!stats) {
      stats = { requests: 0, runs: 0, sequences: 0, stages: {} };
      this.models.set(name, stats);
    }
    return stats;
  }

  /** One finished pipeline call. */
  recordRequest(model: string, stagesNs: StagesNs): void {
    const stats = this.model(model);
    stats.requests += 1;
    for (const [stage, ns] of Object.entries(stagesNs) as [Stage, number | undefined][]) {
      if (ns === undefined) continue;
      observe((stats.stages[stage] ??= emptyHistogram()), ns / 1e9);
    }
  }

  /** One session.run of `sequences` rows. */
  recordRun(model: string, sequences: number): void {
    const stats = this.model(model);
    stats.runs += 1;
    stats.sequences += sequences;
  }

  /** A deep copy, safe to serialise or mutate. */
  snapshot(): EngineStats {
    return { models: Object.fromEntries([...this.models].map(([name, stats]) => [name, structuredClone(stats)])) };
  }
}
