import "server-only";
/**
 * Final verdicts so far, by verdict and language, counted in the Submission table on each metrics scrape. Workers
 * grade in other processes (the `npm start` orchestrator, `npm run worker` on other machines), so an in-memory
 * counter in any one of them would be invisible here or partial; the table is complete and written exactly once per
 * submission. Deleting a user deletes their submissions, so the totals can go down (Prometheus treats that as a
 * counter reset).
 *
 * No actor: aggregate counts only, served to the metrics scraper. Read-only.
 *
 * @example
 *   await readVerdictCounts(); // → [{ verdict: "AC", language: "python", count: 12 }, …]
 */
import { prisma, type Database } from "../client";

export interface VerdictCount {
  verdict: string;
  language: string;
  count: number;
}

export async function readVerdictCounts(db: Database = prisma): Promise<VerdictCount[]> {
  const rows = await db.submission.groupBy({ by: ["verdict", "language"], where: { verdict: { not: null } }, _count: { _all: true } });
  return rows
    .map((row) => ({ verdict: String(row.verdict), language: row.language, count: row._count._all }))
    .sort((a, b) => a.verdict.localeCompare(b.verdict) || a.language.localeCompare(b.language));
}
