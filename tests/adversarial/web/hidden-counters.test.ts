/**
 * Issue 16.1: a submission can encode a hidden test's input in anything it controls that we hand back — engine
 * calls, tokens, wall time, stage times, the decode-loop timings, and (through timing the reference on the same test)
 * the reference's hidden timings. A hidden test must reach its author as exactly HIDDEN_TEST_KEYS (verdict and a
 * redacted failure: ADR 0610), through GET /api/submissions/:id, the SSE stream and the progress averages.
 * The stored rows carry marker values in every counter, so finding a marker in a candidate payload is a leak.
 * A failing hidden test still shows its error type, scrubbed message and the candidate's line (issue 18.3).
 */
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { getProgress } from "@/lib/use-cases/progress/get-progress";
import { claimSubmission, finishSubmission, type TestResultInput } from "@/lib/db/submissions/grading-store";
import { HIDDEN_TEST_KEYS } from "@/lib/grader/submission-contract";
import { GET as getRoute } from "@/app/api/submissions/[id]/route";
import { GET as eventsRoute } from "@/app/api/submissions/[id]/events/route";
import { parseEventStream } from "@/lib/web/submission-event-stream";
import { codingQuestion, runId } from "../../integration/admin-support";
import { APP, signUp, type Account } from "./support";

const run = runId();
const slug = `hidden-counters-${run}`;
// Each counter of a hidden test holds a value found nowhere else; the sample's counters are small and different.
const COUNTERS = { inputMs: 6101.25, forwardMs: 6202.5, postMs: 6303.75, wallMs: 18607.5, engineCalls: 4099, tokens: 5099 };
const REF = { inputMs: 7101.25, forwardMs: 7202.5, postMs: 7303.75 };
const MARKERS = [...Object.values(COUNTERS), ...Object.values(REF)].map(String);
const SECRET = `hidden_input_${run}`;
const CODE = ["def add_numbers(a, b, engine):", "    if a > 100:", "        return a / b", "    return a + b", ""].join("\n");
const TRACEBACK = `Traceback (most recent call last):\n  File "/box/solution.py", line 3, in add_numbers\n    return a / b\nZeroDivisionError: division by zero`;

let candidate: Account;
let submissionId: string;

function result(ordinal: number, hidden: boolean, verdict: TestResultInput["verdict"], error: string | null): TestResultInput {
  const counters = hidden ? COUNTERS : { inputMs: 1, forwardMs: 2, postMs: 3, wallMs: 6, engineCalls: 1, tokens: 4 };
  return {
    ordinal, name: hidden ? `case ${SECRET}` : "sample", verdict, hidden, ...counters, memoryKb: hidden ? 8191 : null,
    stdout: hidden ? SECRET : "", stderr: "", error, diff: null,
    ref: hidden ? REF : { inputMs: 1, forwardMs: 1, postMs: 1 },
    io: hidden ? null : { args: [1, 2], expected: 3, got: 3 },
  };
}

beforeAll(async () => {
  const question = codingQuestion(
    slug,
    [
      { args: [1, 2], expected: 3, sample: true, weight: 1 },
      { args: [101, 0], expected: 0, sample: false, weight: 1 },
      { args: [5, 6], expected: 11, sample: false, weight: 1 },
    ],
    { status: "published" },
  );
  await getPrisma().$transaction((tx) => writeQuestion(tx, question, { existing: null, authorId: null, summary: "hidden-counters test" }));
  candidate = await signUp();
  const actor = { id: candidate.id, role: "candidate" as const };
  ({ id: submissionId } = await createSubmission({ actor, input: { questionSlug: slug, language: "python", code: CODE, mode: "submit" } }));
  const db = getPrisma() as unknown as PrismaClient;
  const claimed = await claimSubmission(db, submissionId, "web-attack-suite");
  expect(claimed).not.toBeNull();
  expect(
    await finishSubmission(db, submissionId, claimed!.attempt, {
      verdict: "RE",
      score: 2 / 3,
      error: null,
      tests: [result(0, false, "AC", null), result(1, true, "RE", TRACEBACK), result(2, true, "AC", null)],
    }),
  ).toBe(true);
});

afterAll(async () => {
  await closeQueue();
  await disconnectPrisma();
});

const leaks = (payload: unknown) => {
  const text = JSON.stringify(payload);
  return [...MARKERS, SECRET].filter((m) => text.includes(m));
};

describe("hidden tests carry no counters", () => {
  test("GET /api/submissions/:id: exactly the allowed keys, no marker, the RE's type/message/line", async () => {
    const response = await getRoute(new Request(`${APP}/api/submissions/${submissionId}`, { headers: { cookie: candidate.cookie } }), {
      params: Promise.resolve({ id: submissionId }),
    });
    expect(response.status).toBe(200);
    const view = await response.json();
    expect(leaks(view)).toEqual([]);
    const hidden = view.tests.filter((t: { hidden: boolean }) => t.hidden);
    expect(hidden).toHaveLength(2);
    for (const t of hidden) expect(Object.keys(t).sort()).toEqual([...HIDDEN_TEST_KEYS].sort());
    expect(hidden[0]).toEqual({
      ordinal: 1, verdict: "RE", hidden: true, redacted: true,
      failure: { kind: "error", type: "ZeroDivisionError", message: "division by zero", line: 3 },
    });
    expect(hidden[1]).toEqual({ ordinal: 2, verdict: "AC", hidden: true, redacted: true, failure: null });
    // The visible sample keeps its timings: the redaction is per test.
    expect(view.tests[0]).toMatchObject({ hidden: false, engineCalls: 1, stages: { inputMs: 1, forwardMs: 2, postMs: 3 } });
  });

  test("the SSE stream's test and done events carry the same redacted shape", async () => {
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
    const events = parseEventStream(text.slice(0, text.lastIndexOf("\n\n") + 2));
    expect(events.map((e) => e.event)).toContain("done");
    expect([...MARKERS, SECRET].filter((m) => text.includes(m))).toEqual([]);
    const hiddenTests = events.filter((e) => e.event === "test").map((e) => e.data as { hidden: boolean }).filter((t) => t.hidden);
    expect(hiddenTests).toHaveLength(2);
    for (const t of hiddenTests) expect(Object.keys(t).sort()).toEqual([...HIDDEN_TEST_KEYS].sort());
  });

  test("the progress page's stage averages leave hidden tests out", async () => {
    const progress = await getProgress({ actor: { id: candidate.id, role: "candidate" } });
    expect(leaks(progress)).toEqual([]);
    expect(progress.stages).toMatchObject({ tests: 1, inputMs: 1, forwardMs: 2, postMs: 3 });
  });
});
