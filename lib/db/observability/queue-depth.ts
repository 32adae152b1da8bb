import "server-only";
/**
 * How many submissions wait for a grader (`queued`) and how many are being graded (`running`), read from the
 * Submission table on each metrics scrape. The table, not pg-boss's job table, is the source: it is what the
 * candidate sees, and it is the same whichever worker (in `npm start` or `npm run worker` elsewhere) holds a job.
 *
 * No actor: an aggregate count with no user data, served only to the metrics scraper (app/api/metrics/route.ts
 * checks its bearer token). Read-only.
 *
 * @example
 *   await readQueueDepth(); // → { queued: 3, running: 2 }
 */
import { prisma, type Database } from "../client";

export interface QueueDepth {
  queued: number;
  running: number;
}

export async function readQueueDepth(db: Database = prisma): Promise<QueueDepth> {
  const rows = await db.submission.groupBy({ by: ["status"], where: { status: { in: ["queued", "running"] } }, _count: { _all: true } });
  const depth: QueueDepth = { queued: 0, running: 0 };
  for (const row of rows) if (row.status === "queued" || row.status === "running") depth[row.status] = row._count._all;
  return depth;
}
