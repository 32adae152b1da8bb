-- The tables of the grader, in the schema `grader` beside the `pgboss` schema of pg-boss (docs/adr/0701). Until this migration
-- they were created at run time by the first process that needed them. IF NOT EXISTS keeps databases from then intact.
-- The Prisma datamodel covers `public` only, so the drift check does not see them.
CREATE SCHEMA IF NOT EXISTS grader;

-- Visible tests: arguments, expected value and returned value (TestResult has no JSON column).
CREATE TABLE IF NOT EXISTS grader.test_io (
    submission_id text NOT NULL,
    ordinal int NOT NULL,
    args jsonb,
    expected jsonb,
    got jsonb,
    PRIMARY KEY (submission_id, ordinal)
);

-- Cached reference-solution outputs and stage timings per question version, language and models.
CREATE TABLE IF NOT EXISTS grader.reference_run (
    cache_key text PRIMARY KEY,
    question_id text NOT NULL,
    results jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS reference_run_question ON grader.reference_run (question_id);

-- Grader worker heartbeats and self-test status (read by /api/health and by the grader check of createSubmission).
CREATE TABLE IF NOT EXISTS grader.worker (
    id text PRIMARY KEY,
    host text NOT NULL,
    pid int NOT NULL,
    concurrency int NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    seen_at timestamptz NOT NULL DEFAULT now(),
    stopped_at timestamptz,
    status jsonb NOT NULL
);
