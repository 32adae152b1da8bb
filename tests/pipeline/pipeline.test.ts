/**
 * The submission pipeline end to end on real parts: Postgres (global setup), pg-boss, the bubblewrap sandbox,
 * the real engine and models. One file on purpose: the workers of different test files would share one queue.
 *
 * Covered: submit → queued → graded → verdict stored once with per-test rows and reference timings; Run with a
 * custom input; CE; owner-only reads and hidden-test redaction; 422 validation; 429 rate limit; a stuck attempt
 * ending in IE after its retries; a worker killed -9 mid-job and the job finished exactly once by another.
 * Its own database (tests/support/scratch-database.ts): a worker whose self-test fails on purpose is live here for a
 * while, and POST /api/submissions refuses submissions while only such workers are live (ADR 1103), so its heartbeats
 * must not be seen by the other files that submit at the same time.
 */
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { getPrisma, disconnectPrisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { getSubmissionForApi } from "@/lib/use-cases/submissions/get-submission-for-api";
import { HIDDEN_TEST_KEYS, isRedacted, type ApiTestResult, type ApiVisibleTestResult } from "@/lib/grader/submission-contract";
import { parseEventStream, submissionEventStream } from "@/lib/web/submission-event-stream";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { graderStatus } from "@/lib/grader/pipeline/status";
import { startGraderWorker, type GraderWorker } from "@/lib/grader/pipeline/worker";
import type { EngineLike } from "@/lib/grader/types";
import { errorResponse } from "@/lib/web/error-response";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";
import { createUser, seedCodingQuestions, SOLUTIONS, waitForFinal, waitForRow } from "./support";

/** A test the viewer may see in full (samples, custom input, anything for an admin). */
function visibleTest(t: ApiTestResult | undefined): ApiVisibleTestResult {
  if (!t || isRedacted(t)) throw new Error(`expected a visible test, got ${JSON.stringify(t)}`);
  return t;
}

jest.setTimeout(180_000);

const REPO = path.resolve(__dirname, "../..");
const correctPy = fs.readFileSync(path.join(SOLUTIONS, "correct.py"), "utf8");
const correctJs = fs.readFileSync(path.join(SOLUTIONS, "correct.js"), "utf8");
const wrongPy = fs.readFileSync(path.join(SOLUTIONS, "wrong-no-normalisation.py"), "utf8");
const log = process.env.CLOCKWISE_TEST_VERBOSE ? (line: string) => process.stderr.write(`[worker] ${line}\n`) : () => {};

let owner: { id: string; role: "candidate" | "admin" };
let stranger: { id: string; role: "candidate" | "admin" };
let admin: { id: string; role: "candidate" | "admin" };
let semanticTests: number;
let database: ScratchDatabase;

beforeAll(async () => {
  database = await useOwnDatabase("clockwise_pipeline");
  await seedCodingQuestions();
  owner = await createUser();
  stranger = await createUser();
  admin = await createUser("admin");
  semanticTests = await getPrisma().testCase.count({ where: { question: { slug: "semantic-vector" } } });
});

afterAll(async () => {
  await closeQueue();
  await disconnectPrisma();
  await database?.drop();
});

describe("with a running worker", () => {
  let worker: GraderWorker;
  beforeAll(async () => {
    worker = await startGraderWorker({ concurrency: 2, log });
  });
  afterAll(() => worker.stop());

  test("the worker passed its self-test and reports itself to /api/health", async () => {
    expect(worker.status()).toMatchObject({ ok: true, languages: { python: "ok", javascript: "ok", typescript: "ok" } });
    const status = await graderStatus();
    expect(status.ok).toBe(true);
    expect(status.languages).toEqual(["javascript", "python", "typescript"]);
    expect(status.slots).toBeGreaterThanOrEqual(2);
  });

  test("a correct Python submission is queued, graded AC once, with per-test rows and reference timings", async () => {
    const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: correctPy, mode: "submit" } });
    const stored = await getPrisma().submission.findUniqueOrThrow({ where: { id } });
    expect(["queued", "running"]).toContain(stored.status);
    const final = await waitForFinal(id);
    expect(final).toEqual({ status: "done", verdict: "AC", attempts: 1 });

    const view = await getSubmissionForApi({ actor: owner, id });
    expect(view.score).toBe(1);
    expect(view.tests).toHaveLength(semanticTests);
    expect(view.tests.map((t) => t.ordinal)).toEqual([...Array(semanticTests).keys()]);
    for (const t of view.tests) expect(t.verdict).toBe("AC");
    // Samples are visible with their data and timings; the rest are hidden and carry their verdict only (ADR 0610).
    const visible = view.tests.filter((t) => !t.hidden).map(visibleTest);
    const hidden = view.tests.filter((t) => t.hidden);
    expect(visible.length).toBeGreaterThan(0);
    expect(hidden.length).toBeGreaterThan(0);
    for (const t of visible) {
      expect(t.ref).not.toBeNull();
      expect(t.stages.inputMs + t.stages.forwardMs + t.stages.postMs).toBeCloseTo(t.wallMs, 3);
    }
    // The first test has in-vocabulary words: both the user's and the reference's forward stage are measured.
    expect(visible[0].stages.forwardMs).toBeGreaterThan(0);
    expect(visible[0].ref!.forwardMs).toBeGreaterThan(0);
    expect(visible[0].args).toEqual(["我喜欢吃饭"]);
    expect(Array.isArray(visible[0].expected)).toBe(true);
    expect(Array.isArray(visible[0].got)).toBe(true);
    for (const t of hidden) {
      expect(Object.keys(t).sort()).toEqual([...HIDDEN_TEST_KEYS].sort());
      expect(t).toMatchObject({ hidden: true, redacted: true, failure: null });
    }
    // An admin still sees every hidden test's timings and reference timings.
    const asAdmin = await getSubmissionForApi({ actor: admin, id });
    for (const t of asAdmin.tests.map(visibleTest)) expect(t.ref).not.toBeNull();
    expect(await getPrisma().testResult.count({ where: { submissionId: id } })).toBe(semanticTests);
  });

  test("the event stream pushes status changes and each test as it is stored, then done", async () => {
    const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: correctPy, mode: "submit" } });
    const first = await getSubmissionForApi({ actor: owner, id });
    const stream = submissionEventStream({ first, load: () => getSubmissionForApi({ actor: owner, id }), pollMs: 50 });
    const events = parseEventStream(await new Response(stream).text());
    const kinds = events.map((e) => e.event);
    expect(kinds[kinds.length - 1]).toBe("done");
    expect(kinds.filter((k) => k === "done")).toHaveLength(1);
    const statuses = events.filter((e) => e.event === "status").map((e) => (e.data as { status: string }).status);
    expect(["queued", "running"]).toContain(statuses[0]);
    expect(statuses[statuses.length - 1]).toBe("done");
    const tests = events.filter((e) => e.event === "test").map((e) => e.data as { ordinal: number; hidden: boolean });
    expect([...new Set(tests.map((t) => t.ordinal))].sort((a, b) => a - b)).toEqual([...Array(semanticTests).keys()]);
    for (const t of tests.filter((t) => t.hidden)) expect(t).not.toHaveProperty("args");
    expect((events[events.length - 1].data as { verdict: string }).verdict).toBe("AC");
  });

  test("only the owner or an admin can read a submission; a stranger gets NOT_FOUND", async () => {
    const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "javascript", code: correctJs, mode: "run" } });
    await waitForFinal(id);
    await expect(getSubmissionForApi({ actor: stranger, id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getSubmissionForApi({ actor: null, id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const asAdmin = await getSubmissionForApi({ actor: admin, id });
    expect(asAdmin.verdict).toBe("AC");
  });

  test("a wrong answer gets WA with the checker's explanation on a visible test", async () => {
    const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: wrongPy, mode: "run" } });
    expect(await waitForFinal(id)).toMatchObject({ status: "done", verdict: "WA" });
    const view = await getSubmissionForApi({ actor: owner, id });
    expect(view.tests[0].verdict).toBe("WA");
    expect(visibleTest(view.tests[0]).diff).toMatch(/^norm \d/);
  });

  test("Run with a custom input shows the reference's output as expected next to the user's", async () => {
    const { id } = await createSubmission({
      actor: owner,
      input: { questionSlug: "semantic-vector", language: "typescript", code: correctJs, mode: "run", customArgs: ["深度学习模型"] },
    });
    expect(await waitForFinal(id)).toMatchObject({ status: "done", verdict: "AC" });
    const view = await getSubmissionForApi({ actor: owner, id });
    const custom = visibleTest(view.tests[view.tests.length - 1]);
    expect(custom.name).toBe("custom input");
    expect(custom.args).toEqual(["深度学习模型"]);
    expect((custom.expected as number[]).length).toBe((custom.got as number[]).length);
    expect(custom.ref).not.toBeNull();
    expect(view.tests.every((t) => !t.hidden)).toBe(true);
  });

  test("code that does not compile gets CE with the compiler's message", async () => {
    const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: "def llm_inference(text, engine)\n  return 1\n", mode: "run" } });
    expect(await waitForFinal(id)).toMatchObject({ status: "done", verdict: "CE" });
    const view = await getSubmissionForApi({ actor: owner, id });
    expect(view.compileError).toMatch(/line 1/);
    expect(view.tests).toEqual([]);
  });
});

describe("request validation and limits", () => {
  const valid = { questionSlug: "semantic-vector", language: "python", code: correctPy, mode: "run" };

  test.each([
    ["unknown language", { ...valid, language: "ruby" }, "language"],
    ["unknown mode", { ...valid, mode: "grade" }, "mode"],
    ["code over 64 KB", { ...valid, code: "#".repeat(64 * 1024 + 1) }, "code"],
    ["empty code", { ...valid, code: "  \n" }, "code"],
    ["custom input on a Submit", { ...valid, mode: "submit", customArgs: ["x"] }, "customArgs"],
    ["custom input of the wrong arity", { ...valid, customArgs: ["a", "b"] }, "customArgs"],
    ["custom input that is not a list", { ...valid, customArgs: "text" }, "customArgs"],
  ])("%s → 422 naming the field", async (_name, input, field) => {
    const error = await createSubmission({ actor: owner, input }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const response = errorResponse(error);
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error).toBe("INVALID_INPUT");
    expect(Object.keys(body.fields)).toContain(field);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|prisma|SELECT/i);
  });

  test("a guest is refused and an unknown or unpublished question is NOT_FOUND", async () => {
    await expect(createSubmission({ actor: null, input: valid })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(createSubmission({ actor: owner, input: { ...valid, questionSlug: "no-such-question" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await getPrisma().question.update({ where: { slug: "bert-text-classification" }, data: { status: "draft" } });
    try {
      await expect(createSubmission({ actor: owner, input: { ...valid, questionSlug: "bert-text-classification" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await getPrisma().question.update({ where: { slug: "bert-text-classification" }, data: { status: "published" } });
    }
  });

  test("the 11th submission within a minute is rate limited (429) from the database's own count", async () => {
    const user = await createUser();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await createSubmission({ actor: user, input: valid })).id);
    const error = await createSubmission({ actor: user, input: valid }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "RATE_LIMITED" });
    const response = errorResponse(error);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(await getPrisma().submission.count({ where: { userId: user.id } })).toBe(10);
    // Not graded here: mark them final so later workers in this file do not spend time on them.
    await getPrisma().submission.updateMany({ where: { id: { in: ids } }, data: { status: "done", verdict: "AC", score: 1 } });
  });
});

describe("failures on our side", () => {
  test("a worker whose self-test fails takes no jobs and says why, also through graderStatus(); new submissions are refused while only it is live", async () => {
    const broken = new Error("the models folder is missing");
    const engine: EngineLike = {
      tokenize: () => { throw broken; },
      forward: async () => { throw broken; },
      labels: () => { throw broken; },
      info: () => { throw broken; },
    };
    // Stored while no worker is live (accepted, ADR 1103), so the broken worker has a job it could take.
    const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: correctPy, mode: "run" } });
    const worker = await startGraderWorker({ concurrency: 1, engine, heartbeatSeconds: 0.5, log });
    try {
      expect(worker.status().ok).toBe(false);
      expect(worker.status().reason).toMatch(/the models folder is missing/);
      const refused = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: correctPy, mode: "run" } }).catch((e: unknown) => e);
      const response = errorResponse(refused);
      expect(response.status).toBe(503);
      expect((await response.json()).error).toBe("GRADER_UNAVAILABLE");
      await new Promise((r) => setTimeout(r, 1500));
      expect((await getPrisma().submission.findUniqueOrThrow({ where: { id } })).status).toBe("queued");
      const health = await graderStatus();
      expect(health.ok).toBe(false);
      expect(health.reason).toMatch(/no grader worker can grade: .*the models folder is missing/);
    } finally {
      await worker.stop();
      // Not for the workers of the next tests.
      await getPrisma().submission.update({ where: { id }, data: { status: "done", verdict: "AC", score: 1 } });
    }
  });

  test("an attempt stuck past the job timeout is retried, then ends IE/failed with a message", async () => {
    const worker = await startGraderWorker({ concurrency: 1, jobTimeoutMs: 100, retryLimit: 1, retryDelaySeconds: 0, log });
    try {
      const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: correctPy, mode: "submit" } });
      const final = await waitForFinal(id, 60_000);
      expect(final).toEqual({ status: "failed", verdict: "IE", attempts: 2 });
      const view = await getSubmissionForApi({ actor: owner, id });
      expect(view.error).toMatch(/Internal error: grading failed 2 times; this is not a problem with your code\./);
      expect(view.error).toMatch(/longer than 100 ms/);
      expect(view.tests).toEqual([]);
    } finally {
      await worker.stop();
    }
  });

  test("a worker killed -9 mid-job: its missed heartbeats get the job retried by another worker, the verdict written exactly once", async () => {
    // Slow but correct: each test sleeps, so the kill lands while grading.
    const slow = correctPy.replace(/def llm_inference\(text, engine\):\n/, "def llm_inference(text, engine):\n    __import__('time').sleep(0.6)\n");
    expect(slow).not.toBe(correctPy);
    // expireIn stays long (300 s): only the heartbeat sweep (6 missed 0.5 s beats) can recover the job in time.
    const settings = { CLOCKWISE_GRADE_EXPIRE_SECONDS: "300", CLOCKWISE_WORKER_HEARTBEAT_SECONDS: "0.5", CLOCKWISE_WORKER_CONCURRENCY: "1", CLOCKWISE_GRADE_RETRY_LIMIT: "2" };
    // node itself with tsx's loader (not the tsx CLI, which would leave its node child running after a SIGKILL).
    const child = spawn(process.execPath, ["--import", "tsx", "lib/grader/pipeline/worker-main.ts"], {
      cwd: REPO,
      env: { ...process.env, ...settings },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let childLog = "";
    child.stderr!.on("data", (chunk) => (childLog += chunk));
    const exited = new Promise((resolve) => child.on("exit", resolve));
    let retryWorker: GraderWorker | undefined;
    try {
      // The child worker announces itself once it polls the queue.
      const end = Date.now() + 90_000;
      while (!/grading with/.test(childLog)) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`child worker did not start:\n${childLog}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language: "python", code: slow, mode: "submit" } });
      await waitForRow(id, (row) => row.status === "running" && row.results >= 1, 60_000);
      child.kill("SIGKILL");
      await exited;
      expect((await getPrisma().submission.findUniqueOrThrow({ where: { id } })).status).toBe("running");

      retryWorker = await startGraderWorker({ concurrency: 1, expireInSeconds: 300, heartbeatSeconds: 0.5, retryLimit: 2, log });
      // Retried because the dead worker's heartbeats stopped: waitForFinal gives up at 90 s, long before the 300 s expiry.
      const final = await waitForFinal(id, 90_000);
      expect(final).toEqual({ status: "done", verdict: "AC", attempts: 2 });
      const results = await getPrisma().testResult.findMany({ where: { submissionId: id }, select: { ordinal: true } });
      expect(results.map((r) => r.ordinal).sort((a, b) => a - b)).toEqual([...Array(semanticTests).keys()]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await retryWorker?.stop();
    }
  });
});
