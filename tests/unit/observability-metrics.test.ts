/**
 * The metrics registry's exposition: metric names, HELP/TYPE lines, label sets, an observed histogram, scrape-time
 * sources printed in the `_bucket/_sum/_count` shape, a failing source left out and counted. Sources here are plain
 * data (the database- and engine-backed ones are exercised in tests/integration/observability-metrics-route.test.ts).
 */
import { createMetrics, SUBMISSION_BUCKETS_SECONDS, type MetricSources } from "@/lib/observability/metrics";
import type { EngineStats } from "@/lib/engine";

const engineStats: EngineStats = {
  models: {
    "bert-cls": {
      requests: 3,
      runs: 2,
      sequences: 5,
      stages: {
        forward: { count: 3, sum: 0.006, buckets: [{ le: 0.001, count: 0 }, { le: 0.0025, count: 2 }, { le: 0.005, count: 3 }] },
        input: { count: 3, sum: 0.0003, buckets: [{ le: 0.0001, count: 1 }, { le: 0.00025, count: 3 }] },
      },
    },
  },
};

function sources(overrides: Partial<MetricSources> = {}): MetricSources {
  return {
    queueDepth: async () => ({ queued: 4, running: 2 }),
    verdictCounts: async () => [
      { verdict: "AC", language: "python", count: 7 },
      { verdict: "WA", language: "javascript", count: 1 },
    ],
    submissionLatency: async (buckets) => [{ mode: "submit", count: 3, sumSeconds: 4.5, buckets: buckets.map((le) => ({ le, count: le >= 2 ? 3 : le >= 1 ? 1 : 0 })) }],
    engineStats: async () => engineStats,
    ...overrides,
  };
}

/** The sample lines of one metric family, as `name{labels} value`. */
function samples(text: string, family: string): string[] {
  return text.split("\n").filter((line) => line.startsWith(family) && !line.startsWith("#"));
}

test("an observed request shows up in the http duration histogram with route, method and status", async () => {
  const { registry, httpDuration } = createMetrics(sources(), { defaultMetrics: false });
  httpDuration.observe({ route: "/api/submissions", method: "POST", status: "201" }, 0.03);
  httpDuration.observe({ route: "/api/submissions", method: "POST", status: "201" }, 0.2);
  const text = await registry.metrics();
  expect(text).toContain("# TYPE clockwise_http_request_duration_seconds histogram");
  const lines = samples(text, "clockwise_http_request_duration_seconds");
  expect(lines).toContain('clockwise_http_request_duration_seconds_bucket{le="0.025",route="/api/submissions",method="POST",status="201"} 0');
  expect(lines).toContain('clockwise_http_request_duration_seconds_bucket{le="0.05",route="/api/submissions",method="POST",status="201"} 1');
  expect(lines).toContain('clockwise_http_request_duration_seconds_bucket{le="0.25",route="/api/submissions",method="POST",status="201"} 2');
  expect(lines).toContain('clockwise_http_request_duration_seconds_bucket{le="+Inf",route="/api/submissions",method="POST",status="201"} 2');
  expect(lines).toContain('clockwise_http_request_duration_seconds_count{route="/api/submissions",method="POST",status="201"} 2');
  const sum = lines.find((l) => l.startsWith("clockwise_http_request_duration_seconds_sum"))!;
  expect(Number(sum.split(" ").pop())).toBeCloseTo(0.23, 6);
});

test("queue depth and verdict counts are read from the sources at scrape time", async () => {
  let queued = 4;
  const { registry } = createMetrics(sources({ queueDepth: async () => ({ queued, running: 2 }) }), { defaultMetrics: false });
  let text = await registry.metrics();
  expect(text).toContain("# TYPE clockwise_grader_queue_depth gauge");
  expect(samples(text, "clockwise_grader_queue_depth")).toEqual(['clockwise_grader_queue_depth{status="queued"} 4', 'clockwise_grader_queue_depth{status="running"} 2']);
  expect(text).toContain("# TYPE clockwise_submission_verdicts_total counter");
  expect(samples(text, "clockwise_submission_verdicts_total")).toEqual([
    'clockwise_submission_verdicts_total{verdict="AC",language="python"} 7',
    'clockwise_submission_verdicts_total{verdict="WA",language="javascript"} 1',
  ]);
  queued = 9;
  text = await registry.metrics();
  expect(samples(text, "clockwise_grader_queue_depth")[0]).toBe('clockwise_grader_queue_depth{status="queued"} 9');
});

test("submission latency is a histogram over the documented buckets with a +Inf bucket equal to the count", async () => {
  const { registry } = createMetrics(sources(), { defaultMetrics: false });
  const lines = samples(await registry.metrics(), "clockwise_submission_latency_seconds");
  expect(lines).toHaveLength(SUBMISSION_BUCKETS_SECONDS.length + 3);
  expect(lines).toContain('clockwise_submission_latency_seconds_bucket{mode="submit",le="0.5"} 0');
  expect(lines).toContain('clockwise_submission_latency_seconds_bucket{mode="submit",le="1"} 1');
  expect(lines).toContain('clockwise_submission_latency_seconds_bucket{mode="submit",le="2"} 3');
  expect(lines).toContain('clockwise_submission_latency_seconds_bucket{mode="submit",le="+Inf"} 3');
  expect(lines).toContain('clockwise_submission_latency_seconds_sum{mode="submit"} 4.5');
  expect(lines).toContain('clockwise_submission_latency_seconds_count{mode="submit"} 3');
});

test("engine stage histograms and counters come from the engine's stats, per model and stage", async () => {
  const { registry } = createMetrics(sources(), { defaultMetrics: false });
  const text = await registry.metrics();
  expect(text).toContain("# TYPE clockwise_engine_stage_seconds histogram");
  const lines = samples(text, "clockwise_engine_stage_seconds");
  expect(lines).toEqual([
    'clockwise_engine_stage_seconds_bucket{model="bert-cls",stage="forward",le="0.001"} 0',
    'clockwise_engine_stage_seconds_bucket{model="bert-cls",stage="forward",le="0.0025"} 2',
    'clockwise_engine_stage_seconds_bucket{model="bert-cls",stage="forward",le="0.005"} 3',
    'clockwise_engine_stage_seconds_bucket{model="bert-cls",stage="forward",le="+Inf"} 3',
    'clockwise_engine_stage_seconds_sum{model="bert-cls",stage="forward"} 0.006',
    'clockwise_engine_stage_seconds_count{model="bert-cls",stage="forward"} 3',
    'clockwise_engine_stage_seconds_bucket{model="bert-cls",stage="input",le="0.0001"} 1',
    'clockwise_engine_stage_seconds_bucket{model="bert-cls",stage="input",le="0.00025"} 3',
    'clockwise_engine_stage_seconds_bucket{model="bert-cls",stage="input",le="+Inf"} 3',
    'clockwise_engine_stage_seconds_sum{model="bert-cls",stage="input"} 0.0003',
    'clockwise_engine_stage_seconds_count{model="bert-cls",stage="input"} 3',
  ]);
  expect(samples(text, "clockwise_engine_requests_total")).toEqual(['clockwise_engine_requests_total{model="bert-cls"} 3']);
  expect(samples(text, "clockwise_engine_runs_total")).toEqual(['clockwise_engine_runs_total{model="bert-cls"} 2']);
  expect(samples(text, "clockwise_engine_sequences_total")).toEqual(['clockwise_engine_sequences_total{model="bert-cls"} 5']);
});

test("a failing database leaves its metrics out, counts the failure, and the rest is still served", async () => {
  const down = async () => {
    throw new Error("connection refused");
  };
  const { registry } = createMetrics(sources({ queueDepth: down, verdictCounts: down, submissionLatency: down }), { defaultMetrics: false });
  const text = await registry.metrics();
  expect(samples(text, "clockwise_grader_queue_depth")).toEqual([]);
  expect(samples(text, "clockwise_submission_verdicts_total")).toEqual([]);
  expect(samples(text, "clockwise_engine_runs_total")).toHaveLength(1);
  expect(samples(text, "clockwise_metrics_collect_errors_total")).toEqual(['clockwise_metrics_collect_errors_total{source="database"} 3']);
});

test("default process metrics carry the clockwise_ prefix", async () => {
  const { registry } = createMetrics(sources());
  const text = await registry.metrics();
  expect(text).toMatch(/^clockwise_process_resident_memory_bytes \d+/m);
  expect(text).toMatch(/^clockwise_nodejs_eventloop_lag_seconds /m);
});
