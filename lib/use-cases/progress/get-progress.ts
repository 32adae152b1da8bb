import "server-only";
import { prisma } from "@/lib/db/client";
import type { SignedInActor } from "@/lib/auth/actor";

/** A concept question counts as solved once an answer covered at least this share of its key points. */
export const CONCEPT_SOLVED_SCORE = 0.8;

export interface ProgressBucket {
  key: string;
  total: number;
  attempted: number;
  solved: number;
}

export interface StageAverages {
  tests: number;
  inputMs: number;
  forwardMs: number;
  postMs: number;
  refInputMs: number | null;
  refForwardMs: number | null;
  refPostMs: number | null;
}

export interface Progress {
  byDifficulty: ProgressBucket[];
  byTopic: ProgressBucket[];
  stages: StageAverages;
}

/**
 * The actor's solved/attempted counts per difficulty and per topic (tag) over the published bank, and
 * their average stage timings on accepted tests next to the reference's. Aggregated in SQL (indexes
 * on Submission(userId, …) and ConceptAttempt(userId, …)), so it stays fast with a large bank and a long
 * history. Solved: an accepted Submit, or a concept answer scoring ≥ CONCEPT_SOLVED_SCORE.
 *
 * @example
 * const p = await getProgress({ actor }); // p.byDifficulty → [{ key: "easy", total: 12, attempted: 3, solved: 2 }, …]
 */
export async function getProgress({ actor }: { actor: SignedInActor }): Promise<Progress> {
  const perQuestion = `
    WITH touched AS (
      SELECT "questionId", bool_or(mode = 'submit' AND verdict = 'AC') AS solved
        FROM "Submission" WHERE "userId" = $1 GROUP BY "questionId"
      UNION ALL
      SELECT "questionId", bool_or(score >= ${CONCEPT_SOLVED_SCORE}) AS solved
        FROM "ConceptAttempt" WHERE "userId" = $1 GROUP BY "questionId"
    ), per_question AS (
      SELECT "questionId", bool_or(solved) AS solved FROM touched GROUP BY "questionId"
    )`;
  type Row = { key: string; total: bigint; attempted: bigint; solved: bigint };
  const [byDifficulty, byTopic, stages] = await Promise.all([
    prisma.$queryRawUnsafe<Row[]>(
      `${perQuestion}
       SELECT q.difficulty::text AS key, count(*) AS total, count(p."questionId") AS attempted, count(*) FILTER (WHERE p.solved) AS solved
         FROM "Question" q LEFT JOIN per_question p ON p."questionId" = q.id
        WHERE q.status = 'published' AND q."deletedAt" IS NULL
        GROUP BY q.difficulty ORDER BY q.difficulty`,
      actor.id,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `${perQuestion}
       SELECT tag AS key, count(*) AS total, count(p."questionId") AS attempted, count(*) FILTER (WHERE p.solved) AS solved
         FROM "Question" q CROSS JOIN LATERAL unnest(q.tags) AS tag LEFT JOIN per_question p ON p."questionId" = q.id
        WHERE q.status = 'published' AND q."deletedAt" IS NULL
        GROUP BY tag ORDER BY count(p."questionId") DESC, tag LIMIT 40`,
      actor.id,
    ),
    // Visible tests only: a hidden test's timings are never shown to a candidate, not even averaged (ADR 0610).
    prisma.$queryRawUnsafe<{ tests: bigint; i: number | null; f: number | null; p: number | null; ri: number | null; rf: number | null; rp: number | null }[]>(
      `SELECT count(*) AS tests, avg(r."inputMs") AS i, avg(r."forwardMs") AS f, avg(r."postMs") AS p,
              avg(r."refInputMs") AS ri, avg(r."refForwardMs") AS rf, avg(r."refPostMs") AS rp
         FROM "TestResult" r JOIN "Submission" s ON s.id = r."submissionId"
        WHERE s."userId" = $1 AND r.verdict = 'AC' AND NOT r.hidden`,
      actor.id,
    ),
  ]);
  const bucket = (r: Row): ProgressBucket => ({ key: r.key, total: Number(r.total), attempted: Number(r.attempted), solved: Number(r.solved) });
  const s = stages[0];
  return {
    byDifficulty: byDifficulty.map(bucket),
    byTopic: byTopic.map(bucket),
    stages: {
      tests: Number(s?.tests ?? 0),
      inputMs: Number(s?.i ?? 0),
      forwardMs: Number(s?.f ?? 0),
      postMs: Number(s?.p ?? 0),
      refInputMs: s?.ri == null ? null : Number(s.ri),
      refForwardMs: s?.rf == null ? null : Number(s.rf),
      refPostMs: s?.rp == null ? null : Number(s.rp),
    },
  };
}
