/**
 * A decoding task through the whole pipeline (submission row → queue → worker → sandbox → real models/gpt →
 * result rows → GET /api/submissions/:id): each visible test carries its decode loop (`generation`: prefill,
 * TTFT/TPOT, sampled steps) and the reference's (`refGeneration`), bounded; hidden tests show neither to a
 * candidate; a solution that recomputes the sequence gets WA with the work-bound message. Own database, like
 * pipeline.test.ts (its worker's queue must not be shared with other files).
 */
import fs from "node:fs";
import path from "node:path";
import { loadBankFiles } from "@/lib/bank/load";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { startGraderWorker, type GraderWorker } from "@/lib/grader/pipeline/worker";
import { isRedacted, type ApiVisibleTestResult } from "@/lib/grader/submission-contract";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { getSubmissionForApi } from "@/lib/use-cases/submissions/get-submission-for-api";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";
import { createUser, waitForFinal } from "./support";

jest.setTimeout(240_000);

const REPO = path.resolve(__dirname, "../..");
const SLUG = "greedy-decode-kv-cache";
const hasModel = fs.existsSync(path.join(REPO, "models/gpt/onnx/model.onnx"));

let database: ScratchDatabase;
let worker: GraderWorker;
let owner: { id: string; role: "candidate" | "admin" };
let reference = "";

(hasModel ? describe : describe.skip)(`${SLUG} through the pipeline`, () => {
  beforeAll(async () => {
    database = await useOwnDatabase("clockwise_generation");
    const { questions, errors } = loadBankFiles(path.join(REPO, "prisma/bank"));
    if (errors.length) throw new Error(`bank errors: ${JSON.stringify(errors.slice(0, 3))}`);
    const question = questions.find((q) => q.slug === SLUG)!;
    reference = question.coding!.languages.python.reference!;
    await getPrisma().$transaction((tx) => writeQuestion(tx, { ...question, status: "published" }, { existing: null, authorId: null, summary: "test seed" }));
    owner = await createUser();
    worker = await startGraderWorker({ concurrency: 1 });
  });

  afterAll(async () => {
    await worker?.stop();
    await closeQueue();
    await disconnectPrisma();
    await database?.drop();
  });

  test("every visible test shows its decode loop and the reference's; hidden tests show no timings", async () => {
    const { id } = await createSubmission({ actor: owner, input: { questionSlug: SLUG, language: "python", code: reference, mode: "submit" } });
    expect(await waitForFinal(id, 180_000)).toMatchObject({ status: "done", verdict: "AC" });
    const view = await getSubmissionForApi({ actor: owner, id });
    const visible = view.tests.filter((t): t is ApiVisibleTestResult => !isRedacted(t));
    expect(visible.length).toBeGreaterThan(0);
    for (const t of visible) {
      for (const loop of [t.generation, t.refGeneration]) {
        expect(loop).toMatchObject({ prefillCalls: 1 });
        expect(loop!.ttftMs).toBeGreaterThan(0);
        expect(loop!.steps.length).toBe(Math.min(loop!.decodeCalls, 64));
      }
      expect(t.generation!.decodeCalls).toBe(t.refGeneration!.decodeCalls);
    }
    for (const t of view.tests.filter(isRedacted)) expect("generation" in t).toBe(false);
    // Stored bounded: the row's JSON is a summary, whatever the loop length.
    const rows = await getPrisma().testResult.findMany({ where: { submissionId: id }, select: { generation: true } });
    for (const row of rows) expect(JSON.stringify(row.generation).length).toBeLessThan(6_000);
  });

  test("a loop that recomputes the sequence every step gets WA saying what the cache would need", async () => {
    const code = fs.readFileSync(path.join(REPO, "tests/bank/wrong", SLUG, "recompute-without-cache.py"), "utf8");
    const { id } = await createSubmission({ actor: owner, input: { questionSlug: SLUG, language: "python", code, mode: "submit" } });
    expect(await waitForFinal(id, 180_000)).toMatchObject({ status: "done", verdict: "WA" });
    const view = await getSubmissionForApi({ actor: owner, id });
    const diffs = view.tests.filter((t): t is ApiVisibleTestResult => !isRedacted(t) && t.verdict === "WA").map((t) => t.diff);
    expect(diffs.length).toBeGreaterThan(0);
    for (const diff of diffs) expect(diff).toMatch(/^forward processed [\d,]+ tokens in \d+ calls; with a KV cache it needs at most [\d,]+ \(prompt \+ new with prompt \d+, new \d+\)/);
  });
});
