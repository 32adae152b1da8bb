/**
 * Issue 16 (fair grading): one account flooding the queue must not starve another. A user's k-th unfinished
 * submission is enqueued with priority −k and workers fetch by priority, then age (ADR 0909), so another user's
 * first submission is taken right after the flooder's first, not after its whole backlog. Checked on the real queue
 * (pg-boss tables in the test PostgreSQL) by asking pg-boss's own fetch order; the measured waits are in
 * tests/load/fair-grading.ts.
 */
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { closeQueue, GRADE_QUEUE } from "@/lib/grader/pipeline/queue";
import { createSubmission, gradingPriority } from "@/lib/use-cases/submissions/create-submission";
import { createUser } from "../../pipeline/support";
import { ensureSeedCodingQuestions } from "./support";

const RUN = { questionSlug: "semantic-vector", language: "python" as const, code: "def llm_inference(text, engine):\n    return []\n", mode: "run" as const };
const mine: string[] = [];

beforeAll(async () => {
  await ensureSeedCodingQuestions();
});

afterAll(async () => {
  await getPrisma().submission.updateMany({ where: { id: { in: mine } }, data: { status: "done", verdict: "AC", score: 1 } });
  await getPrisma().$executeRawUnsafe(`DELETE FROM pgboss.job WHERE data->>'submissionId' = ANY($1)`, mine);
  await closeQueue();
  await disconnectPrisma();
});

test("gradingPriority: k unfinished → −k; off only when asked", () => {
  expect([0, 1, 5].map((k) => gradingPriority(k, { fairGrading: true }))).toEqual([0, -1, -5]);
  expect(gradingPriority(5, { fairGrading: false })).toBe(0);
});

test("a flooder's backlog queues behind another user's first submission", async () => {
  const flooder = await createUser();
  const other = await createUser();
  for (let i = 0; i < 5; i++) mine.push((await createSubmission({ actor: flooder, input: RUN })).id);
  const theirs = (await createSubmission({ actor: other, input: RUN })).id;
  mine.push(theirs);
  // pg-boss's own fetch order (plans.js fetchNextJob): priority desc, created_on, id — restricted to these jobs.
  const order = await getPrisma().$queryRawUnsafe<{ submission: string }[]>(
    `SELECT data->>'submissionId' AS submission FROM pgboss.job WHERE name = $1 AND data->>'submissionId' = ANY($2) ORDER BY priority DESC, created_on, id`,
    GRADE_QUEUE,
    mine,
  );
  const position = order.findIndex((r) => r.submission === theirs);
  expect(position).toBe(1); // after the flooder's first, before its other four
  expect(order).toHaveLength(6);
});
