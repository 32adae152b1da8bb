/**
 * The grader's own tables, in the Postgres schema `grader` beside pg-boss's `pgboss` schema (docs/adr/0701):
 *   grader.test_io        visible tests' arguments, expected value and returned value (TestResult has no JSON column)
 *   grader.reference_run  cached reference-solution outputs + stage timings per question version/language/models
 *   grader.worker         grader worker heartbeats and self-test status (read by /api/health)
 * Created idempotently on first use by any process (app or worker), like pg-boss creates its own schema, so
 * Prisma's migrations and drift check (schema `public` only) are unaffected.
 *
 * No `import "server-only"`: the standalone worker (`npm run worker`, plain tsx) uses this file.
 *
 * @example
 *   await ensureGraderTables(prisma);
 */
import type { PrismaClient } from "../generated/prisma/client";

const DDL = [
  `CREATE SCHEMA IF NOT EXISTS grader`,
  `CREATE TABLE IF NOT EXISTS grader.test_io (
     submission_id text NOT NULL,
     ordinal int NOT NULL,
     args jsonb,
     expected jsonb,
     got jsonb,
     PRIMARY KEY (submission_id, ordinal))`,
  `CREATE TABLE IF NOT EXISTS grader.reference_run (
     cache_key text PRIMARY KEY,
     question_id text NOT NULL,
     results jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE INDEX IF NOT EXISTS reference_run_question ON grader.reference_run (question_id)`,
  `CREATE TABLE IF NOT EXISTS grader.worker (
     id text PRIMARY KEY,
     host text NOT NULL,
     pid int NOT NULL,
     concurrency int NOT NULL,
     started_at timestamptz NOT NULL DEFAULT now(),
     seen_at timestamptz NOT NULL DEFAULT now(),
     stopped_at timestamptz,
     status jsonb NOT NULL)`,
];

// Any constant: serialises concurrent first uses (two processes racing CREATE TABLE IF NOT EXISTS can collide).
const DDL_LOCK = 7_041_201;

const created = new WeakMap<object, Promise<void>>();

/** Creates the grader schema and tables once per client (cheap no-op afterwards). */
export function ensureGraderTables(db: PrismaClient): Promise<void> {
  let done = created.get(db);
  if (!done) {
    done = db
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${DDL_LOCK})`);
        for (const statement of DDL) await tx.$executeRawUnsafe(statement);
      })
      .then(() => undefined);
    done.catch(() => created.delete(db));
    created.set(db, done);
  }
  return done;
}
