/**
 * The web process's Prometheus registry (one per process, cached on globalThis), printed by GET /api/metrics.
 *
 * Counted in this process:
 *   clockwise_http_request_duration_seconds{route,method,status}   histogram, submission routes + health
 *   clockwise_process_* / clockwise_nodejs_*                         prom-client's default process metrics
 *   clockwise_metrics_collect_errors_total{source}                   a scrape-time source (database, engine) failed
 * Read at scrape time (see docs/adr/1001-observability.md for why):
 *   clockwise_grader_queue_depth{status}                             gauge, submissions queued / running (database)
 *   clockwise_submission_verdicts_total{verdict,language}            counter, final verdicts (database)
 *   clockwise_submission_latency_seconds{mode}                       histogram, createdAt → finishedAt (database)
 *   clockwise_engine_stage_seconds{model,stage}                      histogram, this process's engine stages
 *   clockwise_engine_requests_total / _runs_total / _sequences_total{model}
 *
 * @example
 *   const metrics = getMetrics();
 *   metrics.httpDuration.observe({ route: "/api/health", method: "GET", status: "200" }, 0.004);
 *   const text = await metrics.registry.metrics(); // text/plain; version=0.0.4
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { EngineStats } from "@/lib/engine";
import { childLogger } from "./log";
import { asMetric, SnapshotHistogram, SnapshotMetric, type HistogramSnapshot, type SampleSnapshot } from "./snapshot-metrics";

/** Request durations: a submission POST is a few ms to ~100 ms; SSE answers its headers at once. */
export const HTTP_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Queue wait + grading: a Run is ~0.3–2 s; a Submit with hidden tests and a cold reference up to tens of seconds. */
export const SUBMISSION_BUCKETS_SECONDS = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];

export interface MetricSources {
  queueDepth(): Promise<{ queued: number; running: number }>;
  verdictCounts(): Promise<{ verdict: string; language: string; count: number }[]>;
  submissionLatency(bucketsSeconds: readonly number[]): Promise<{ mode: string; count: number; sumSeconds: number; buckets: { le: number; count: number }[] }[]>;
  /** This process's engine statistics, or null when it has none (e.g. the engine failed to load). */
  engineStats(): Promise<EngineStats | null>;
}

export interface ClockwiseMetrics {
  registry: Registry;
  httpDuration: Histogram<"route" | "method" | "status">;
  collectErrors: Counter<"source">;
}

/**
 * A registry with every Clockwise metric, reading scrape-time values from `sources`. Tests pass their own sources;
 * the app uses getMetrics().
 *
 * @example
 *   const { registry } = createMetrics(sources, { defaultMetrics: false });
 */
export function createMetrics(sources: MetricSources, options: { defaultMetrics?: boolean } = {}): ClockwiseMetrics {
  const registry = new Registry();
  const log = childLogger({ component: "metrics" });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "clockwise_" });

  const httpDuration = new Histogram({
    name: "clockwise_http_request_duration_seconds",
    help: "Time to answer an HTTP request (to the response headers for streams), by route pattern, method and status.",
    labelNames: ["route", "method", "status"] as const,
    buckets: HTTP_BUCKETS_SECONDS,
    registers: [registry],
  });
  // Reads of this scrape still running; the error counter waits for them so a failure shows in the same scrape.
  const pending = new Set<Promise<unknown>>();
  const collectErrors = new Counter({
    name: "clockwise_metrics_collect_errors_total",
    help: "Source reads at scrape time (database, engine) that failed; that source's metrics were left out of the scrape.",
    labelNames: ["source"] as const,
    registers: [],
    async collect() {
      await Promise.allSettled([...pending]);
    },
  });

  // A failing source leaves its own metrics out of this scrape; the rest of the page is still served.
  const guarded = <T>(source: string, read: () => Promise<T[]>) => (): Promise<T[]> => {
    const reading = (async () => {
      try {
        return await read();
      } catch (error) {
        collectErrors.inc({ source });
        log.warn({ event: "metrics.source_failed", source, err: error }, "metrics source failed");
        return [];
      }
    })();
    pending.add(reading);
    void reading.finally(() => pending.delete(reading));
    return reading;
  };

  const depth = new SnapshotMetric(
    "gauge",
    "clockwise_grader_queue_depth",
    "Submissions waiting for a grader (status=queued) and being graded (status=running), across all workers.",
    guarded("database", async (): Promise<SampleSnapshot[]> => {
      const { queued, running } = await sources.queueDepth();
      return [
        { labels: { status: "queued" }, value: queued },
        { labels: { status: "running" }, value: running },
      ];
    }),
  );
  const verdicts = new SnapshotMetric(
    "counter",
    "clockwise_submission_verdicts_total",
    "Submissions with a final verdict, by verdict and language, counted in the database (all workers).",
    guarded("database", async () => (await sources.verdictCounts()).map((v) => ({ labels: { verdict: v.verdict, language: v.language }, value: v.count }))),
  );
  const latency = new SnapshotHistogram(
    "clockwise_submission_latency_seconds",
    "Finished submissions' latency from being stored to the final verdict (queue wait + grading), by mode.",
    guarded("database", async (): Promise<HistogramSnapshot[]> =>
      (await sources.submissionLatency(SUBMISSION_BUCKETS_SECONDS)).map((h) => ({ labels: { mode: h.mode }, count: h.count, sum: h.sumSeconds, buckets: h.buckets })),
    ),
  );

  const engineModels = async () => Object.entries((await sources.engineStats())?.models ?? {});
  const stages = new SnapshotHistogram(
    "clockwise_engine_stage_seconds",
    "Inference stage durations (input = tokenize, forward = ONNX run incl. batching wait, post) in this process's engine.",
    guarded("engine", async () =>
      (await engineModels()).flatMap(([model, stats]) =>
        Object.entries(stats.stages).flatMap(([stage, h]) => (h ? [{ labels: { model, stage }, count: h.count, sum: h.sum, buckets: h.buckets }] : [])),
      ),
    ),
  );
  const engineCounter = (name: string, help: string, pick: (s: EngineStats["models"][string]) => number) =>
    new SnapshotMetric("counter", name, help, guarded("engine", async () => (await engineModels()).map(([model, stats]) => ({ labels: { model }, value: pick(stats) }))));

  for (const metric of [
    depth,
    verdicts,
    latency,
    stages,
    engineCounter("clockwise_engine_requests_total", "Engine pipeline calls (embed, classify, encode, forward) in this process.", (s) => s.requests),
    engineCounter("clockwise_engine_runs_total", "ONNX session runs in this process (fewer than requests when micro-batching fused them).", (s) => s.runs),
    engineCounter("clockwise_engine_sequences_total", "Sequences sent to ONNX session runs in this process.", (s) => s.sequences),
  ]) {
    registry.registerMetric(asMetric(metric));
  }
  // Last: the registry reads metrics in registration order, so every source's read has started by now.
  registry.registerMetric(collectErrors);
  return { registry, httpDuration, collectErrors };
}

const GLOBAL = Symbol.for("clockwise.metrics");
type Holder = { [GLOBAL]?: ClockwiseMetrics };

/**
 * The process's metrics with the real sources (database through lib/db/observability, the process's engine).
 * Loaded lazily so that importing this module (e.g. for observeRoute) costs nothing until the first request.
 *
 * @example
 *   await getMetrics().registry.metrics();
 */
export function getMetrics(): ClockwiseMetrics {
  const holder = globalThis as Holder;
  return (holder[GLOBAL] ??= createMetrics(databaseAndEngineSources()));
}

function databaseAndEngineSources(): MetricSources {
  return {
    queueDepth: async () => (await import("@/lib/db/observability/queue-depth")).readQueueDepth(),
    verdictCounts: async () => (await import("@/lib/db/observability/verdict-counts")).readVerdictCounts(),
    submissionLatency: async (buckets) => (await import("@/lib/db/observability/submission-latency")).readSubmissionLatency(buckets),
    engineStats: async () => {
      const { getEngine } = await import("@/lib/engine");
      return (await getEngine()).stats();
    },
  };
}
