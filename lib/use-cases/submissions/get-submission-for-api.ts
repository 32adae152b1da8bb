import "server-only";
/**
 * A submission in the shape of the HTTP API (GET /api/submissions/:id, its SSE stream, the candidate UI's
 * lib/grader/submission-contract.ts). Built on getSubmission (owner-or-admin filter, hidden-test redaction)
 * plus the visible tests' arguments, expected value and returned value from grader.test_io.
 * Hidden tests (for non-admins) carry exactly HIDDEN_TEST_KEYS: verdict and a redacted failure summary, no timings,
 * counters, args, expected, got, diff, stdout or stderr (docs/adr/0610-hidden-test-results.md).
 * `waiting` says, for a submission that is not final, why nobody is grading it right now (no grader online, or none
 * that can grade its language). It is derived from the workers' heartbeats on every read, never stored, so it goes
 * away by itself once a grader is back (docs/adr/1103-submissions-without-a-grader.md).
 *
 * @example
 *   const view = await getSubmissionForApi({ actor, id });
 *   view.tests[0].stages.forwardMs; view.tests[0].ref?.forwardMs
 */
import type { Actor } from "@/lib/auth/actor";
import { graderAvailability, graderWait } from "@/lib/grader/pipeline/status";
import type { ApiSubmission, ApiTestResult, GenerationView, GraderWait, Verdict } from "@/lib/grader/submission-contract";
import { prisma } from "@/lib/db/client";
import { getSubmission } from "./get-submission";

export type { ApiSubmission, ApiTestResult };

export async function getSubmissionForApi({ actor, id }: { actor: Actor; id: string }): Promise<ApiSubmission> {
  const view = await getSubmission({ actor, id });
  const admin = actor?.role === "admin";
  const [io, waiting] = await Promise.all([readTestIo(id), waitingFor(view.status, view.language as ApiSubmission["language"])]);
  return {
    id: view.id,
    questionSlug: view.questionSlug,
    language: view.language as ApiSubmission["language"],
    mode: view.mode,
    status: view.status,
    verdict: view.verdict as Verdict | null,
    score: view.score,
    compileError: view.verdict === "CE" ? view.error : null,
    error: view.status === "failed" ? view.error : null,
    attempts: view.attempts,
    createdAt: view.createdAt.toISOString(),
    finishedAt: view.finishedAt ? view.finishedAt.toISOString() : null,
    code: view.code,
    customArgs: Array.isArray(view.customArgs) ? view.customArgs : null,
    waiting,
    tests: view.results.map((r): ApiTestResult => {
      if (r.redacted) return { ordinal: r.ordinal, verdict: r.verdict as Verdict, hidden: true, redacted: true, failure: r.failure };
      const visible = !r.hidden || admin;
      const data = visible ? io.get(r.ordinal) : undefined;
      return {
        ordinal: r.ordinal,
        name: r.name,
        verdict: r.verdict as Verdict,
        hidden: r.hidden,
        stages: { inputMs: r.inputMs, forwardMs: r.forwardMs, postMs: r.postMs },
        ref:
          r.refInputMs === null || r.refForwardMs === null || r.refPostMs === null
            ? null
            : { inputMs: r.refInputMs, forwardMs: r.refForwardMs, postMs: r.refPostMs },
        ...(r.generation ? { generation: r.generation as unknown as GenerationView } : {}),
        ...(r.refGeneration ? { refGeneration: r.refGeneration as unknown as GenerationView } : {}),
        wallMs: r.wallMs,
        engineCalls: r.engineCalls,
        tokens: r.tokens,
        stdout: visible ? r.stdout : "",
        stderr: visible ? r.stderr : "",
        error: visible ? r.error : null,
        diff: visible ? r.diff : null,
        ...(data ? { args: Array.isArray(data.args) ? data.args : [], ...(data.expected !== null ? { expected: data.expected } : {}), got: data.got } : {}),
      };
    }),
  };
}

/**
 * Only a submission that is not final waits. A running one whose worker is alive is never told so: a worker that is
 * grading passed its self-test, so "ready" covers it; without any grader for the language its worker has died and the
 * job waits for the next one.
 */
async function waitingFor(status: ApiSubmission["status"], language: ApiSubmission["language"]): Promise<GraderWait | null> {
  if (status !== "queued" && status !== "running") return null;
  return graderWait(await graderAvailability(language), language);
}

async function readTestIo(submissionId: string): Promise<Map<number, { args: unknown; expected: unknown; got: unknown }>> {
  const rows = await prisma.$queryRawUnsafe<{ ordinal: number; args: unknown; expected: unknown; got: unknown }[]>(
    `SELECT ordinal, args, expected, got FROM grader.test_io WHERE submission_id = $1`,
    submissionId,
  );
  return new Map(rows.map((r) => [r.ordinal, r]));
}
