/**
 * Durable cache of reference-solution runs (grader.reference_run), keyed by question id + version + language +
 * models manifest hash, so every worker reuses one run per question version instead of re-grading the reference
 * for each submission. Rows of older versions are simply never read again.
 *
 * No `import "server-only"`: used by the standalone worker.
 *
 * @example
 *   const cached = await readReferenceRun(prisma, key);  // null on a miss
 *   await writeReferenceRun(prisma, key, questionId, results);
 */
import type { PrismaClient } from "../generated/prisma/client";

export async function readReferenceRun<T>(db: PrismaClient, cacheKey: string): Promise<T | null> {
  const rows = await db.$queryRawUnsafe<{ results: T }[]>(`SELECT results FROM grader.reference_run WHERE cache_key = $1`, cacheKey);
  return rows.length ? rows[0].results : null;
}

export async function writeReferenceRun(db: PrismaClient, cacheKey: string, questionId: string, results: unknown): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO grader.reference_run (cache_key, question_id, results) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (cache_key) DO NOTHING`,
    cacheKey,
    questionId,
    JSON.stringify(results),
  );
}
