/**
 * Reference validation as a job on the grading queue (issue 12): the web tier writes a request and enqueues it, a real
 * grader worker runs the references in the real sandbox, the report is stored and read back; passing reports are
 * cached in the database, so another process (its own module instances and database client) gets them without a
 * worker; with no worker the admin gets "no grader available" at once, never a wait.
 * The worker population matters here, so the file has a database of its own (ADR 1103).
 */
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { createValidationRequest, readValidationRequest } from "@/lib/db/submissions/reference-validation-store";
import { AppError } from "@/lib/errors";
import { closeQueue, enqueueValidation } from "@/lib/grader/pipeline/queue";
import { startGraderWorker, type GraderWorker } from "@/lib/grader/pipeline/worker";
import { specHash, type ValidationReport } from "@/lib/grader/validation-report";
import { generateExpectedOutputs, readQuestionValidation, startQuestionValidation, validateQuestion } from "@/lib/use-cases/admin/validate-question";
import { NO_GRADER_RETRY_AFTER_SECONDS, readReferenceRun } from "@/lib/use-cases/admin/reference-runs";
import { closeRealEngine, realEngine } from "../grader/support/real-engine";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";
import { asAdmin, codingQuestion, createUser, runId } from "./admin-support";

jest.setTimeout(180_000);

const id = runId();
let database: ScratchDatabase;
let admin: ReturnType<typeof asAdmin>;
let worker: GraderWorker | undefined;

const passing = codingQuestion(`rv-pass-${id}`, [
  { name: "one plus two", args: [1, 2], expected: 3, sample: true, weight: 1 },
  { name: "no expected", args: [20, 22], sample: false, weight: 1 },
]);
const failing = codingQuestion(`rv-fail-${id}`, [{ name: "wrong", args: [2, 2], expected: 5, sample: true, weight: 1 }]);

async function startWorker(): Promise<GraderWorker> {
  const started = await startGraderWorker({ concurrency: 1, heartbeatSeconds: 0.5, engine: await realEngine(), log: () => {} });
  expect(started.status().ok).toBe(true);
  return started;
}

async function stopWorker(): Promise<void> {
  await worker?.stop();
  worker = undefined;
}

const requestRows = async () => (await getPrisma().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM grader.reference_validation`))[0].n;
const passRows = async () => (await getPrisma().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM grader.reference_validation_pass`))[0].n;

beforeAll(async () => {
  database = await useOwnDatabase("clockwise_refval");
  admin = asAdmin(await createUser("admin"));
});

afterAll(async () => {
  await stopWorker();
  await closeQueue();
  await disconnectPrisma();
  await closeRealEngine();
  await database.drop();
});

describe("no grader running", () => {
  test.each([
    { name: "Validate", call: () => validateQuestion({ actor: admin, input: failing }) },
    { name: "Generate expected outputs", call: () => generateExpectedOutputs({ actor: admin, input: passing }) },
    { name: "Validate with progress", call: () => startQuestionValidation({ actor: admin, input: failing }) },
  ])("$name: UNAVAILABLE 'no grader available' at once, nothing queued", async ({ call }) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", retryAfterSeconds: NO_GRADER_RETRY_AFTER_SECONDS });
    expect((error as AppError).message).toMatch(/^No grader available: no grader worker is running/);
    expect(await requestRows()).toBe(0);
  });

  test("a request left queued when its graders are gone is withdrawn on the next look, and a later worker skips it", async () => {
    const requestId = `rv_orphan_${id}`;
    await createValidationRequest(getPrisma(), { id: requestId, kind: "validate", spec: failing.coding, specHash: specHash(failing.coding!) });
    await enqueueValidation(requestId);
    await expect(readReferenceRun(requestId)).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/^No grader available/) });
    expect(await readValidationRequest(getPrisma(), requestId)).toMatchObject({ status: "failed", attempts: 0 });

    worker = await startWorker();
    const report = await validateQuestion({ actor: admin, input: failing });
    expect(report.ok).toBe(false);
    expect(await readValidationRequest(getPrisma(), requestId)).toMatchObject({ status: "failed", attempts: 0, result: null });
    await stopWorker();
  });
});

describe("with a grader worker", () => {
  beforeAll(async () => {
    admin = asAdmin(await createUser("admin")); // a fresh admin: the cases above used up part of the rate limit
    worker ??= await startWorker();
  });

  test("Validate: the job is queued, the worker runs it, the stored report is what the editor shows (queued → running → done)", async () => {
    const before = await requestRows();
    const started = await startQuestionValidation({ actor: admin, input: failing });
    expect("id" in started).toBe(true);
    const requestId = (started as { id: string }).id;
    expect(await requestRows()).toBe(before + 1);

    const seen: string[] = [];
    let report: ValidationReport | undefined;
    while (!report) {
      const state = await readQuestionValidation({ actor: admin, id: requestId });
      seen.push(state.state);
      if (state.state === "done") report = state.report;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen.slice(0, -1).every((s) => s === "queued" || s === "running")).toBe(true);
    expect(report.ok).toBe(false);
    expect(report.languages.map((l) => [l.language, l.tests.map((t) => t.verdict)])).toEqual([
      ["python", ["WA"]],
      ["javascript", ["WA"]],
    ]);
    expect(report.problems[0]).toMatch(/^python: test 1 \(wrong\): WA/);
    // Stored once, fenced by the attempt that wrote it; a failing report is not cached.
    expect(await readValidationRequest(getPrisma(), requestId)).toMatchObject({ status: "done", attempts: 1, result: report });
    expect(await passRows()).toBe(0);
  });

  test("Generate expected outputs runs on the worker and fills only the missing values", async () => {
    const { question, filled } = await generateExpectedOutputs({ actor: admin, input: passing });
    expect(filled).toEqual([1]);
    expect(question.coding!.tests.map((t) => t.expected)).toEqual([3, 42]);
  });

  test("a passing report is stored once and shared: another process gets it with no worker running, and another worker does not rerun it", async () => {
    const first = await validateQuestion({ actor: admin, input: passing });
    expect(first.ok).toBe(true);
    expect(await passRows()).toBe(1);
    const requestsAfterFirst = await requestRows();

    // Worker side: a second worker (its own database client) asked directly answers from the cache — the report it
    // stores is the first one, validatedAt included, not a new run.
    await stopWorker();
    worker = await startWorker();
    const requestId = `rv_direct_${id}`;
    await createValidationRequest(getPrisma(), { id: requestId, kind: "validate", spec: passing.coding, specHash: specHash(passing.coding!) });
    await enqueueValidation(requestId);
    let row = await readValidationRequest<ValidationReport>(getPrisma(), requestId);
    while (row?.status !== "done") {
      await new Promise((resolve) => setTimeout(resolve, 50));
      row = await readValidationRequest<ValidationReport>(getPrisma(), requestId);
    }
    expect(row.result).toEqual(first);

    // Web side: no worker at all, and a "process" of its own (fresh module instances, a new database client).
    await stopWorker();
    await closeQueue();
    await disconnectPrisma();
    let second: ValidationReport | undefined;
    await jest.isolateModulesAsync(async () => {
      const other = await import("@/lib/use-cases/admin/validate-question");
      second = await other.validateQuestion({ actor: admin, input: passing });
      await (await import("@/lib/db/client")).disconnectPrisma();
    });
    expect(second).toEqual(first);
    expect(await requestRows()).toBe(requestsAfterFirst + 1); // only the direct request above: the cache hit queued nothing
    // …while a spec that is not cached still needs a grader.
    await expect(validateQuestion({ actor: admin, input: failing })).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});
