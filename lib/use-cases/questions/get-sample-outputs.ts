import "server-only";
/**
 * The expected outputs of a coding question's SAMPLE tests that have no stored expected value (it comes from the
 * reference solution at grading time, issue 18.8): read from the cached reference run of the question's current
 * version (grader.reference_run, written by the workers), never by running anything on a page view. Only the sample
 * ordinals asked for are read out of the jsonb, so hidden tests' outputs never leave the database. Empty when no
 * reference run is cached yet (nobody has run the question since it changed).
 *
 * @example
 *   const outputs = await getSampleOutputs({ questionId: q.id, version: q.version, ordinals: [0, 1] });
 *   outputs.get(0) // → the reference's return value for the first sample
 */
import { prisma } from "@/lib/db/client";

export async function getSampleOutputs({ questionId, version, ordinals }: { questionId: string; version: number; ordinals: number[] }): Promise<Map<number, unknown>> {
  if (ordinals.length === 0) return new Map();
  // Cache keys are `${questionId}:v${version}:${language}:${modelsFingerprint}` (lib/grader/pipeline/reference.ts).
  const rows = await prisma.$queryRawUnsafe<{ ordinal: number; value: unknown }[]>(
    `SELECT o AS ordinal, r.results->'tests'->o->'value' AS value
       FROM (SELECT results FROM grader.reference_run
              WHERE question_id = $1 AND starts_with(cache_key, $2)
              ORDER BY created_at DESC LIMIT 1) r,
            unnest($3::int[]) AS o
      WHERE r.results->'tests'->o->>'verdict' IN ('AC', 'WA') AND r.results->'tests'->o->'value' IS NOT NULL`,
    questionId,
    `${questionId}:v${version}:`,
    ordinals,
  );
  return new Map(rows.map((r) => [Number(r.ordinal), r.value]));
}
