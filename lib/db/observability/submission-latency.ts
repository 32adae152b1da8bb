import "server-only";
/**
 * The candidate-visible latency of finished submissions (createdAt → finishedAt: queue wait + grading + writes), as
 * cumulative histogram buckets per mode (run | submit), computed by PostgreSQL on each metrics scrape so it covers
 * every worker. One pass over the finished rows; fine for this app's volumes (an index-only aggregate over the
 * (status, createdAt) index would be the next step if it ever is not).
 *
 * No actor: aggregates only, served to the metrics scraper. Read-only.
 *
 * @example
 *   await readSubmissionLatency([0.5, 1, 5]);
 *   // → [{ mode: "run", count: 4, sumSeconds: 3.2, buckets: [{ le: 0.5, count: 1 }, { le: 1, count: 3 }, { le: 5, count: 4 }] }]
 */
import { prisma, type Database } from "../client";

export interface LatencyHistogram {
  mode: string;
  count: number;
  sumSeconds: number;
  /** Cumulative: `count` submissions finished within `le` seconds of being created. */
  buckets: { le: number; count: number }[];
}

export async function readSubmissionLatency(bucketsSeconds: readonly number[], db: Database = prisma): Promise<LatencyHistogram[]> {
  const bounds = [...bucketsSeconds].filter((b) => Number.isFinite(b)).sort((a, b) => a - b);
  if (bounds.length === 0) throw new Error("readSubmissionLatency needs at least one finite bucket bound");
  const rows = await db.$queryRawUnsafe<{ mode: string; le: number; below: number; total: number; sum: number }[]>(
    `WITH finished AS (
       SELECT mode::text AS mode, EXTRACT(EPOCH FROM ("finishedAt" - "createdAt"))::float8 AS seconds
         FROM "Submission"
        WHERE status IN ('done', 'failed') AND "finishedAt" IS NOT NULL)
     SELECT f.mode, b.le, (count(*) FILTER (WHERE f.seconds <= b.le))::int AS below, count(*)::int AS total, sum(f.seconds)::float8 AS sum
       FROM finished f CROSS JOIN unnest($1::float8[]) AS b(le)
      GROUP BY f.mode, b.le
      ORDER BY f.mode, b.le`,
    bounds,
  );
  const byMode = new Map<string, LatencyHistogram>();
  for (const row of rows) {
    let histogram = byMode.get(row.mode);
    if (!histogram) {
      histogram = { mode: row.mode, count: Number(row.total), sumSeconds: Number(row.sum), buckets: [] };
      byMode.set(row.mode, histogram);
    }
    histogram.buckets.push({ le: Number(row.le), count: Number(row.below) });
  }
  return [...byMode.values()];
}
