/**
 * Metrics whose values are read from elsewhere at scrape time (the database, the engine's own histograms) instead
 * of being counted in this process: prom-client's registry calls `get()` on each scrape and prints the result in
 * the text exposition format. A histogram's buckets are cumulative and get the `le="+Inf"` bucket from `count`.
 *
 * @example
 *   registry.registerMetric(asMetric(new SnapshotHistogram("x_seconds", "…", async () => [
 *     { labels: { model: "bert" }, count: 2, sum: 0.01, buckets: [{ le: 0.005, count: 1 }, { le: 0.01, count: 2 }] },
 *   ])));
 *   // x_seconds_bucket{model="bert",le="0.005"} 1 … x_seconds_bucket{model="bert",le="+Inf"} 2, x_seconds_sum…, x_seconds_count…
 */
import type { Metric } from "prom-client";

type Labels = Record<string, string>;

/** What prom-client's registry reads from `get()` (its own types for this are not exported). */
interface ScrapedValue {
  metricName?: string;
  labels: Labels;
  value: number;
}
interface Scraped {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  aggregator: "sum";
  values: ScrapedValue[];
}

export interface HistogramSnapshot {
  labels: Labels;
  count: number;
  /** Seconds (or the metric's unit) in total. */
  sum: number;
  /** Cumulative counts per finite upper bound, ascending. */
  buckets: { le: number; count: number }[];
}

export interface SampleSnapshot {
  labels: Labels;
  value: number;
}

/** A counter or gauge whose samples come from `read()` on each scrape. */
export class SnapshotMetric {
  readonly aggregator = "sum" as const;
  constructor(
    readonly type: "counter" | "gauge",
    readonly name: string,
    readonly help: string,
    private readonly read: () => Promise<SampleSnapshot[]>,
  ) {}

  async get(): Promise<Scraped> {
    const samples = await this.read();
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: samples.map((s) => ({ labels: s.labels, value: s.value })) };
  }

  reset(): void {}
}

/** A histogram whose buckets, sum and count come from `read()` on each scrape. */
export class SnapshotHistogram {
  readonly type = "histogram" as const;
  readonly aggregator = "sum" as const;
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => Promise<HistogramSnapshot[]>,
  ) {}

  async get(): Promise<Scraped> {
    const values: ScrapedValue[] = [];
    for (const h of await this.read()) {
      for (const bucket of [...h.buckets].sort((a, b) => a.le - b.le)) {
        values.push({ metricName: `${this.name}_bucket`, labels: { ...h.labels, le: String(bucket.le) }, value: bucket.count });
      }
      values.push({ metricName: `${this.name}_bucket`, labels: { ...h.labels, le: "+Inf" }, value: h.count });
      values.push({ metricName: `${this.name}_sum`, labels: h.labels, value: h.sum });
      values.push({ metricName: `${this.name}_count`, labels: h.labels, value: h.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {}
}

/** prom-client's `registerMetric` is typed for its own classes; these satisfy what the registry calls. */
export function asMetric(metric: SnapshotMetric | SnapshotHistogram): Metric {
  return metric as unknown as Metric;
}
