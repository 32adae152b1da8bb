/**
 * Nothing a candidate receives may reveal a hidden test or the reference solution: the question as the page
 * loads it (getQuestion, for a guest and a candidate), and a graded submission as GET /api/submissions/:id and the
 * SSE stream's final event deliver it. The grader's stored results are written with the real grading store
 * (claimSubmission / finishSubmission) including, on purpose, hidden-test data a careless worker might keep, so
 * the redaction itself is what is tested. Admins still see everything (the control).
 */
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { getQuestion } from "@/lib/use-cases/questions/get-question";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { claimSubmission, finishSubmission, type TestResultInput } from "@/lib/db/submissions/grading-store";
import { GET as getRoute } from "@/app/api/submissions/[id]/route";
import { GET as eventsRoute } from "@/app/api/submissions/[id]/events/route";
import { GET as listRoute } from "@/app/api/submissions/route";
import { codingQuestion, runId } from "../../integration/admin-support";
import { APP, noParams, signUp, type Account } from "./support";

const run = runId();
const slug = `hidden-${run}`;
// Markers that appear only in hidden material; finding one in a candidate payload is a leak.
const HIDDEN_ARG = 734_911;
const HIDDEN_EXPECTED = 918_273;
const HIDDEN_NAME = `secret-case-${run}`;
const REFERENCE_MARK = `reference_only_${run}`;
const HIDDEN_MARKERS = [String(HIDDEN_ARG), String(HIDDEN_EXPECTED), HIDDEN_NAME, REFERENCE_MARK];

let candidate: Account;
let admin: Account;
let submissionId: string;

function result(ordinal: number, hidden: boolean, io: TestResultInput["io"], name: string): TestResultInput {
  return {
    ordinal, name, verdict: "WA", hidden, inputMs: 1, forwardMs: 2, postMs: 3, wallMs: 6, engineCalls: 1, tokens: 4, memoryKb: null,
    stdout: hidden ? `printed ${HIDDEN_ARG}` : "printed 3",
    stderr: hidden ? `warning about ${HIDDEN_EXPECTED}` : "",
    error: hidden ? `expected ${HIDDEN_EXPECTED}` : null,
    diff: hidden ? `- ${HIDDEN_EXPECTED}\n+ 0` : "- 3\n+ 0",
    ref: { inputMs: 1, forwardMs: 1, postMs: 1 },
    io,
  };
}

beforeAll(async () => {
  const question = codingQuestion(
    slug,
    [
      { args: [1, 2], expected: 3, sample: true, weight: 1 },
      { name: HIDDEN_NAME, args: [HIDDEN_ARG, 0], expected: HIDDEN_EXPECTED, sample: false, weight: 1 },
    ],
    { status: "published" },
  );
  question.coding!.languages.python!.reference = `def add_numbers(a, b, engine):\n    ${REFERENCE_MARK} = a + b\n    return ${REFERENCE_MARK}\n`;
  await getPrisma().$transaction((tx) => writeQuestion(tx, question, { existing: null, authorId: null, summary: "hidden-data test" }));
  [candidate, admin] = await Promise.all([signUp(), signUp("admin")]);

  const actor = { id: candidate.id, role: "candidate" as const };
  ({ id: submissionId } = await createSubmission({ actor, input: { questionSlug: slug, language: "python", code: "def add_numbers(a, b, engine):\n    return 0\n", mode: "submit" } }));
  const db = getPrisma() as unknown as PrismaClient;
  const claimed = await claimSubmission(db, submissionId, "web-attack-suite");
  expect(claimed).not.toBeNull();
  const finished = await finishSubmission(db, submissionId, claimed!.attempt, {
    verdict: "WA",
    score: 0,
    error: null,
    tests: [
      result(0, false, { args: [1, 2], expected: 3, got: 0 }, "sample"),
      result(1, true, { args: [HIDDEN_ARG, 0], expected: HIDDEN_EXPECTED, got: 0 }, HIDDEN_NAME),
    ],
  });
  expect(finished).toBe(true);
});

afterAll(async () => {
  await closeQueue();
  await disconnectPrisma();
});

const leaks = (payload: unknown) => HIDDEN_MARKERS.filter((marker) => JSON.stringify(payload).includes(marker));

describe("getQuestion (what the question page renders)", () => {
  test.each([
    { who: "a guest", actor: () => null },
    { who: "a candidate", actor: () => ({ id: candidate.id, role: "candidate" as const }) },
  ])("for $who: sample tests only, no reference, no hidden test", async ({ actor }) => {
    for (const locale of ["en", "zh"] as const) {
      const view = await getQuestion({ actor: actor(), slug, locale });
      expect(leaks(view)).toEqual([]);
      expect(view.coding?.references).toBeUndefined();
      expect(view.coding?.hiddenTests).toBeUndefined();
      expect(view.coding?.sampleTests.map((t) => t.args)).toEqual([[1, 2]]);
      expect(view.coding?.hiddenTestCount).toBe(1);
      expect(Object.keys(view.coding!.languages.python!).sort()).toEqual(["entry", "starter"]);
    }
  });

  test("for an admin: the reference and the hidden test (the markers are real)", async () => {
    const view = await getQuestion({ actor: { id: admin.id, role: "admin" }, slug, locale: "en" });
    expect(leaks(view).sort()).toEqual([...HIDDEN_MARKERS].sort());
  });
});

describe("a graded submission", () => {
  const get = (cookie: string) => getRoute(new Request(`${APP}/api/submissions/${submissionId}`, { headers: { cookie } }), { params: Promise.resolve({ id: submissionId }) });

  test("GET /api/submissions/:id gives the owner the hidden test's verdict only (no timings: ADR 0610)", async () => {
    const response = await get(candidate.cookie);
    expect(response.status).toBe(200);
    const view = await response.json();
    expect(leaks(view)).toEqual([]);
    const hidden = view.tests.find((t: { hidden: boolean }) => t.hidden);
    expect(hidden).toEqual({ ordinal: 1, verdict: "WA", hidden: true, redacted: true, failure: { kind: "wrong", type: null, message: null, line: null } });
    expect(hidden).not.toHaveProperty("args");
    expect(hidden).not.toHaveProperty("expected");
    expect(hidden).not.toHaveProperty("got");
    // The visible test keeps its data (the redaction is per test, not everything).
    expect(view.tests.find((t: { hidden: boolean }) => !t.hidden)).toMatchObject({ args: [1, 2], expected: 3, got: 0, diff: "- 3\n+ 0" });
  });

  test("an admin reading the same submission sees the hidden data (the control)", async () => {
    const view = await (await get(admin.cookie)).json();
    expect(leaks(view).length).toBeGreaterThan(0);
  });

  test("the SSE stream's events carry no hidden data either", async () => {
    const abort = new AbortController();
    const response = await eventsRoute(new Request(`${APP}/api/submissions/${submissionId}/events`, { headers: { cookie: candidate.cookie }, signal: abort.signal }), {
      params: Promise.resolve({ id: submissionId }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = "";
    const deadline = Date.now() + 10_000;
    while (!text.includes("event: done") && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    await reader.cancel().catch(() => undefined);
    expect(text).toContain("event: done");
    expect(HIDDEN_MARKERS.filter((m) => text.includes(m))).toEqual([]);
  });

  test("the submission list carries no code or test data", async () => {
    const response = await listRoute(new Request(`${APP}/api/submissions?question=${slug}`, { headers: { cookie: candidate.cookie } }), noParams);
    const { items } = await response.json();
    expect(items.map((i: { id: string }) => i.id)).toEqual([submissionId]);
    expect(Object.keys(items[0]).sort()).toEqual(["createdAt", "finishedAt", "id", "language", "mode", "questionSlug", "score", "status", "verdict"]);
  });
});
