/**
 * Issue 16.5 (push instead of 250 ms polling): the grader's result writes NOTIFY, and a stream waiting on
 * watchSubmission (opened before the first read, as the route does) wakes for it. The stream here polls only every 10 minutes, so it can only see the claim, the
 * test row and the verdict through notifications; the loads are counted (one per wake-up), never timed.
 */
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { claimSubmission, finishSubmission, recordTestResult, type TestResultInput } from "@/lib/db/submissions/grading-store";
import { submissionChanges } from "@/lib/db/submissions/submission-changes";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { watchSubmission } from "@/lib/use-cases/submissions/watch-submission";
import { parseEventStream, submissionEventStream } from "@/lib/web/submission-event-stream";
import { createUser } from "../../pipeline/support";
import { ensureSeedCodingQuestions } from "./support";

const TEN_MINUTES = 10 * 60 * 1000;

beforeAll(async () => {
  await ensureSeedCodingQuestions();
});

afterAll(async () => {
  await submissionChanges(process.env.DATABASE_URL!).close();
  await closeQueue();
  await disconnectPrisma();
});

const test0: TestResultInput = {
  ordinal: 0, name: "sample", verdict: "AC", hidden: false, inputMs: 1, forwardMs: 1, postMs: 1, wallMs: 3, engineCalls: 1, tokens: 1,
  memoryKb: null, stdout: "", stderr: "", error: null, diff: null, ref: { inputMs: 1, forwardMs: 1, postMs: 1 }, io: { args: ["x"], expected: [], got: [] },
};

test("claim, a test row and the verdict each wake the stream; it ends with done long before its poll", async () => {
  const actor = await createUser();
  const { id } = await createSubmission({ actor, input: { questionSlug: "semantic-vector", language: "python", code: "def llm_inference(text, engine):\n    return []\n", mode: "run" } });
  const db = getPrisma() as unknown as PrismaClient;
  const read = async () => {
    const row = await db.submission.findUniqueOrThrow({ where: { id }, select: { status: true, verdict: true, score: true, _count: { select: { results: true } } } });
    return { status: row.status, verdict: row.verdict, score: row.score, tests: Array.from({ length: row._count.results }, (_, ordinal) => ({ ordinal })) };
  };
  let loads = 0;
  const watch = watchSubmission(id);
  const stream = submissionEventStream({
    first: await read(),
    load: async () => (loads++, read()),
    pollMs: TEN_MINUTES,
    wake: watch.wait,
    onClose: watch.close,
  });
  const text = new Response(stream).text();
  // Let the stream reach its first wait (and the LISTEN connection come up) before the grader writes.
  for (let i = 0; i < 100 && !submissionChanges(process.env.DATABASE_URL!).listening; i++) await new Promise((r) => setTimeout(r, 50));
  const claimed = await claimSubmission(db, id, "stream-push-test");
  await new Promise((r) => setTimeout(r, 200));
  expect(await recordTestResult(db, id, claimed!.attempt, test0)).toBe(true);
  await new Promise((r) => setTimeout(r, 200));
  expect(await finishSubmission(db, id, claimed!.attempt, { verdict: "AC", score: 1, error: null, tests: [test0] })).toBe(true);
  const events = parseEventStream(await text);
  expect(events.at(-1)?.event).toBe("done");
  expect(events.filter((e) => e.event === "status").map((e) => (e.data as { status: string }).status)).toContain("running");
  // One load per notification (claim, test row, verdict), plus a 250 ms fallback poll while LISTEN was coming up.
  // Without the notifications the stream would sit in a 10-minute wait and this test would time out.
  expect(loads).toBeGreaterThanOrEqual(3);
});
