/**
 * Graceful stop of the grader worker on real parts (own PostgreSQL database, pg-boss, bubblewrap sandbox, engine):
 *  - a grading still running after the stop grace is released for retry (Submission back to `queued`, pg-boss job
 *    failed → retried) and the next worker grades it to a verdict written once, by attempt 2;
 *  - a grading that finishes within the grace gets its verdict, and stop() waits for it.
 * The submitted program sleeps in every test so a grading reliably spans the stop.
 */
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { resolveStopTimeoutMs, startGraderWorker, DEFAULT_STOP_TIMEOUT_MS, type GraderWorker } from "@/lib/grader/pipeline/worker";
import { WorkerConfigError } from "@/lib/grader/pipeline/worker-config";
import { useOwnDatabase } from "./observability-support";
import { createUser, seedCodingQuestions, waitForFinal, waitForRow } from "../pipeline/support";

jest.setTimeout(180_000);

const sleepy = (seconds: number) => `import time\n\ndef llm_inference(text, engine):\n    time.sleep(${seconds})\n    return []\n`;
const workerOptions = { concurrency: 1, log: () => {}, heartbeatSeconds: 1, pollingIntervalSeconds: 0.5, retryDelaySeconds: 0 };

let database: { drop: () => Promise<void> };
let owner: { id: string; role: "candidate" | "admin" };
const workers: GraderWorker[] = [];

beforeAll(async () => {
  database = await useOwnDatabase();
  await seedCodingQuestions();
  owner = await createUser();
});

afterAll(async () => {
  for (const worker of workers) await worker.stop({ timeoutMs: 1000 });
  await closeQueue();
  await disconnectPrisma();
  // A released attempt may still be finishing its sandbox run in this process; its writes are fenced out.
  await new Promise((r) => setTimeout(r, 1500));
  await database.drop();
});

test.each([
  { value: undefined, expected: DEFAULT_STOP_TIMEOUT_MS },
  { value: "5000", expected: 5000 },
  { value: 0, expected: 0 },
])("the stop grace $value → $expected ms", ({ value, expected }) => {
  expect(resolveStopTimeoutMs(value)).toBe(expected);
});

test.each(["-1", "1.5", "20s", "600001"])("the stop grace %p is refused with the variable's name", (value) => {
  expect(() => resolveStopTimeoutMs(value)).toThrow(WorkerConfigError);
  expect(() => resolveStopTimeoutMs(value)).toThrow(/CLOCKWISE_WORKER_STOP_TIMEOUT_MS/);
});

test("a grading still running after the grace is released for retry, and the next worker grades it once (attempt 2)", async () => {
  const first = await startGraderWorker(workerOptions);
  workers.push(first);
  expect(first.status().ok).toBe(true);
  const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: sleepy(1.2), mode: "submit" } });
  // One test stored: the grading is under way and has more tests to go.
  await waitForRow(id, (row) => row.status === "running" && row.results >= 1, 60_000);

  // stop() gives up on the grading after its grace instead of waiting for every test (each sleeps 1.2 s): the row is
  // released, not done. (That stop() does wait while a grading can still finish is the next test.)
  await first.stop({ timeoutMs: 1000 });

  const released = await getPrisma().submission.findUniqueOrThrow({ where: { id } });
  expect(released).toMatchObject({ status: "queued", attempts: 1, verdict: null, workerId: null });
  expect(released.error).toMatch(/attempt 1: the worker stopped before grading finished/);
  const jobs = await getPrisma().$queryRawUnsafe<{ state: string; retry_count: number }[]>(
    `SELECT state::text AS state, retry_count FROM pgboss.job WHERE data->>'submissionId' = $1`,
    id,
  );
  // Failed back to pg-boss for a retry (pg-boss counts the retry when it hands the job out again).
  expect(jobs).toEqual([{ state: "retry", retry_count: 0 }]);

  const second = await startGraderWorker(workerOptions);
  workers.push(second);
  const final = await waitForFinal(id, 90_000);
  expect(final).toEqual({ status: "done", verdict: "WA", attempts: 2 });
  const tests = await getPrisma().testCase.count({ where: { question: { slug: "semantic-vector" } } });
  expect(await getPrisma().testResult.count({ where: { submissionId: id } })).toBe(tests);
  await second.stop();
});

test("a grading that finishes within the grace gets its verdict, and stop() waits for it", async () => {
  const worker = await startGraderWorker(workerOptions);
  workers.push(worker);
  const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: sleepy(0.6), mode: "run" } });
  await waitForRow(id, (row) => row.status === "running", 60_000);
  await worker.stop({ timeoutMs: 60_000 });
  // stop() resolved: the verdict is already stored, by the first attempt.
  const row = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { status: true, verdict: true, attempts: true } });
  expect(row).toEqual({ status: "done", verdict: "WA", attempts: 1 });
});
