-- Reference validation runs on the grader workers, not in the web process (issue 12, docs/adr/0701 and 0002): the
-- admin's "Validate", "Generate expected outputs" and the publish check become jobs on the grading queue. Like the
-- other grader tables these live in the schema `grader`, outside the Prisma datamodel (the drift check ignores them).

-- One request to run a question's reference solutions: the spec as sent, its state and its result. Attempts are
-- fenced like submissions (a worker writes only while `attempts` is still the number it claimed).
CREATE TABLE grader.reference_validation (
    id text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('validate', 'fill-expected')),
    spec jsonb NOT NULL,
    spec_hash text NOT NULL,
    requested_by text,
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts int NOT NULL DEFAULT 0,
    worker_id text,
    result jsonb,
    error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz,
    finished_at timestamptz
);
CREATE INDEX reference_validation_created ON grader.reference_validation (created_at);

-- Passing validation reports, shared by every process: keyed by the coding spec's content hash and the models'
-- hash, so "Validate" then "Publish" (possibly on another web host) runs the references once.
CREATE TABLE grader.reference_validation_pass (
    spec_hash text NOT NULL,
    models_hash text NOT NULL,
    report jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (spec_hash, models_hash)
);
