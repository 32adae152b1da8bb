/**
 * Issue 18's study loop and mock interviews against the real PostgreSQL, the real Word2Vec model and the real grader
 * worker (bubblewrap sandbox): a concept answer puts its question on the review schedule and the self-assessment
 * rates it; a coding Submit creates or pulls forward its card once its verdict is stored; a mock interview is stored
 * on the server (reload = same state), locks at its deadline, extends once, reports, and is visible to its owner only.
 */
import fs from "node:fs";
import path from "node:path";
import { loadBankFiles } from "@/lib/bank/load";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { startGraderWorker, type GraderWorker } from "@/lib/grader/pipeline/worker";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { answerConceptQuestion } from "@/lib/use-cases/concept/answer-concept-question";
import { assessConceptAnswer } from "@/lib/use-cases/concept/assess-concept-answer";
import { listReviewQueue } from "@/lib/use-cases/review/list-review-queue";
import { countDueReviews } from "@/lib/use-cases/review/count-due-reviews";
import { getReviewCard } from "@/lib/use-cases/review/get-review-card";
import { startMockSession } from "@/lib/use-cases/mock/start-mock-session";
import { getMockSession } from "@/lib/use-cases/mock/get-mock-session";
import { saveMockAnswer } from "@/lib/use-cases/mock/save-mock-answer";
import { extendMockSession } from "@/lib/use-cases/mock/extend-mock-session";
import { finishMockSession } from "@/lib/use-cases/mock/finish-mock-session";
import { listMockSessions } from "@/lib/use-cases/mock/list-mock-sessions";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";
import { createUser, seedCodingQuestions, SOLUTIONS, waitForFinal } from "../pipeline/support";

jest.setTimeout(240_000);

const REPO = path.resolve(__dirname, "../..");
const CONCEPTS = ["kv-cache-basics", "paged-attention", "prefix-caching", "llm-inference-key-steps"];
const correctPy = fs.readFileSync(path.join(SOLUTIONS, "correct.py"), "utf8");
const wrongPy = fs.readFileSync(path.join(SOLUTIONS, "wrong-no-normalisation.py"), "utf8");

let database: ScratchDatabase;
let alice: { id: string; role: "candidate" | "admin" };
let bob: { id: string; role: "candidate" | "admin" };

beforeAll(async () => {
  database = await useOwnDatabase("clockwise_candidate_v2");
  await seedCodingQuestions();
  const { questions } = loadBankFiles(path.join(REPO, "prisma/bank"));
  const prisma = getPrisma();
  for (const slug of CONCEPTS) {
    const q = questions.find((x) => x.slug === slug)!;
    await prisma.$transaction((tx) => writeQuestion(tx, { ...q, status: "published" }, { existing: null, authorId: null, summary: "test" }));
  }
  alice = await createUser();
  bob = await createUser();
});

afterAll(async () => {
  await closeQueue();
  await disconnectPrisma();
  await database?.drop();
});

const cardOf = (userId: string, slug: string) => getPrisma().reviewCard.findFirst({ where: { userId, question: { slug } } });
/** The worker schedules the card just after it stores the verdict (best effort, ADR 0604): wait for it, up to 30 s. */
async function cardSoonOf(userId: string, slug: string) {
  for (let i = 0; i < 300; i++) {
    const card = await cardOf(userId, slug);
    if (card) return card;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

describe("concept answers and the self-assessment", () => {
  const NEGATED =
    "The KV cache does not store keys and values of earlier positions, because they change at every step and cannot be reused. Each decode step recomputes Q, K, V for all tokens, not only the new one.";

  test("an unrated answer is due in /review at once; the self-assessment rates it and moves it out", async () => {
    const before = new Date();
    const answered = await answerConceptQuestion({ actor: alice, slug: "kv-cache-basics", answer: NEGATED, locale: "en" });
    expect(answered.verdict).not.toBe("correct");
    expect(answered.keyPoints.some((k) => k.contradicted && !k.covered)).toBe(true);

    const card = await cardOf(alice.id, "kv-cache-basics");
    expect(card).not.toBeNull();
    expect(card!.reps).toBe(0);
    expect(card!.due.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await getPrisma().reviewLog.count({ where: { cardId: card!.id } })).toBe(0); // studying is not a review
    const queue = await listReviewQueue({ actor: alice, locale: "en" });
    expect(queue.due.map((d) => d.slug)).toContain("kv-cache-basics");
    expect(await countDueReviews({ actor: alice })).toBe(queue.due.length);

    // /review shows the prompt, and after reveal the reference, the key points and this (unrated) answer.
    const view = await getReviewCard({ actor: alice, slug: "kv-cache-basics", locale: "en" });
    expect(view.prompt.body.length).toBeGreaterThan(10);
    expect(view.reveal.keyPoints).toHaveLength(5);
    expect(view.reveal.lastAnswer).toMatchObject({ text: NEGATED, rated: false });
    expect(new Date(view.preview.next.again).getTime()).toBeLessThan(new Date(view.preview.next.easy).getTime());

    const assessed = await assessConceptAnswer({ actor: alice, attemptId: answered.attemptId, marks: ["missed", "partly", "missed", "missed", "missed"] });
    expect(assessed.rating).toBe("again"); // 0.5 of 5 points
    const after = await cardOf(alice.id, "kv-cache-basics");
    expect(after!.reps).toBe(1);
    expect(after!.due.getTime()).toBeGreaterThan(before.getTime());
    expect((await listReviewQueue({ actor: alice, locale: "en" })).due.map((d) => d.slug)).not.toContain("kv-cache-basics");
    const attempt = await getPrisma().conceptAttempt.findUniqueOrThrow({ where: { id: answered.attemptId } });
    expect(attempt).toMatchObject({ rating: 1, selfAssessment: ["missed", "partly", "missed", "missed", "missed"] });
  });

  test("an answer is assessed once, by its owner, with one mark per key point", async () => {
    const answered = await answerConceptQuestion({ actor: alice, slug: "paged-attention", answer: "PagedAttention splits the KV cache into fixed-size blocks with a block table.", locale: "en" });
    await expect(assessConceptAnswer({ actor: bob, attemptId: answered.attemptId, marks: Array(5).fill("covered") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(assessConceptAnswer({ actor: alice, attemptId: answered.attemptId, marks: ["covered"] })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const ok = await assessConceptAnswer({ actor: alice, attemptId: answered.attemptId, marks: ["missed", "covered", "missed", "missed", "missed"] });
    expect(ok.rating).toBe("again");
    await expect(assessConceptAnswer({ actor: alice, attemptId: answered.attemptId, marks: Array(5).fill("covered") })).rejects.toMatchObject({ code: "CONFLICT" });
    const card = await cardOf(alice.id, "paged-attention");
    expect(await getPrisma().reviewLog.count({ where: { cardId: card!.id } })).toBe(1);
    expect(await cardOf(bob.id, "paged-attention")).toBeNull();
  });
});

describe("coding submits through the real worker", () => {
  let worker: GraderWorker;
  beforeAll(async () => {
    worker = await startGraderWorker({ concurrency: 1, log: () => {} });
  });
  afterAll(() => worker.stop());

  test("an accepted Submit makes the task a card due now; an unsolved one brings it back within 10 minutes; a Run schedules nothing", async () => {
    const run = await createSubmission({ actor: bob, input: { questionSlug: "semantic-vector", language: "python", code: correctPy, mode: "run" } });
    expect((await waitForFinal(run.id)).verdict).toBe("AC");
    expect(await cardOf(bob.id, "semantic-vector")).toBeNull();

    const solved = await createSubmission({ actor: bob, input: { questionSlug: "semantic-vector", language: "python", code: correctPy, mode: "submit" } });
    expect((await waitForFinal(solved.id)).verdict).toBe("AC");
    const card = await cardSoonOf(bob.id, "semantic-vector");
    expect(card).not.toBeNull();
    expect(card!.due.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await listReviewQueue({ actor: bob, locale: "zh" })).due.map((d) => d.slug)).toContain("semantic-vector");

    const t0 = Date.now();
    const unsolved = await createSubmission({ actor: alice, input: { questionSlug: "semantic-vector", language: "python", code: wrongPy, mode: "submit" } });
    expect((await waitForFinal(unsolved.id)).verdict).toBe("WA");
    const soon = await cardSoonOf(alice.id, "semantic-vector");
    expect(soon).not.toBeNull();
    expect(soon!.due.getTime()).toBeGreaterThan(t0);
    expect(soon!.due.getTime()).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
    expect(await getPrisma().reviewLog.count({ where: { cardId: soon!.id } })).toBe(0);
  });
});

describe("mock interviews on the server", () => {
  test("start mixes concept and coding by the time budget; answers survive a reload; the report has answers, references and verdicts", async () => {
    const { id } = await startMockSession({ actor: alice, tag: "kv-cache", minutes: 20, locale: "en" });
    const first = await getMockSession({ actor: alice, id });
    expect(first.status).toBe("active");
    const kinds = first.questions.map((q) => q.kind);
    expect(kinds).toContain("concept");
    expect(kinds).toContain("coding"); // no kv-cache coding task in this bank → the easiest coding task of the bank
    expect(first.questions.reduce((s, q) => s + q.minutes, 0)).toBeLessThanOrEqual(20);
    expect(first.deadline.getTime() - first.startedAt.getTime()).toBe(20 * 60_000);

    const concept = first.questions.find((q) => q.kind === "concept")!;
    const coding = first.questions.find((q) => q.kind === "coding")!;
    const text = "Keys and values of earlier positions are cached per layer and reused; each decode step only computes the new token's Q, K and V.";
    await saveMockAnswer({ actor: alice, id, slug: concept.slug, text });
    // Nothing submitted for the coding task since the start yet.
    await expect(saveMockAnswer({ actor: alice, id, slug: coding.slug, attachLatestSubmit: true })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // "Reload" (or another device): a fresh read gives the same questions, order, deadline and answer.
    const again = await getMockSession({ actor: alice, id });
    expect(again.questions.map((q) => q.slug)).toEqual(first.questions.map((q) => q.slug));
    expect(again.deadline).toEqual(first.deadline);
    expect(again.questions.find((q) => q.slug === concept.slug)!.answer).toMatchObject({ kind: "concept", text });

    // Coding: a Submit made during the interview (stored directly; grading is covered above) is attached with its verdict.
    const prisma = getPrisma();
    const questionId = (await prisma.question.findUniqueOrThrow({ where: { slug: coding.slug } })).id;
    const sub = await prisma.submission.create({ data: { userId: alice.id, questionId, language: "python", code: "x", mode: "submit", status: "done", verdict: "AC", score: 1 } });
    await prisma.testResult.create({ data: { submissionId: sub.id, ordinal: 0, verdict: "AC", inputMs: 1, forwardMs: 2, postMs: 3, wallMs: 6 } });
    const attached = await saveMockAnswer({ actor: alice, id, slug: coding.slug, attachLatestSubmit: true });
    expect(attached.coding).toMatchObject({ submissionId: sub.id, verdict: "AC", tests: 1, wallMs: 6, forwardMs: 2 });

    expect((await listMockSessions({ actor: alice })).find((s) => s.id === id)).toMatchObject({ status: "active", answered: 2, questions: first.questions.length });

    await finishMockSession({ actor: alice, id });
    const done = await getMockSession({ actor: alice, id });
    expect(done.status).toBe("finished");
    const report = done.report!.items;
    const conceptItem = report.find((i) => i.slug === concept.slug)!;
    expect(conceptItem.reference.length).toBeGreaterThan(20);
    expect(conceptItem.concept).not.toBeNull();
    expect(conceptItem.concept!.keyPoints.length).toBeGreaterThan(0);
    expect(report.find((i) => i.slug === coding.slug)!.coding).toMatchObject({ verdict: "AC", tests: 1 });
    // The scored answer is an ordinary concept attempt, on the review schedule like any other.
    expect(await cardOf(alice.id, concept.slug)).not.toBeNull();
    // Finishing again changes nothing and scores nothing twice.
    const attempts = await prisma.conceptAttempt.count({ where: { userId: alice.id } });
    await finishMockSession({ actor: alice, id });
    expect(await prisma.conceptAttempt.count({ where: { userId: alice.id } })).toBe(attempts);
    await expect(saveMockAnswer({ actor: alice, id, slug: concept.slug, text: "late" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("answers lock at the deadline; the timer can be extended once, before it", async () => {
    const start = new Date();
    const { id } = await startMockSession({ actor: alice, tag: "kv-cache", minutes: 10, locale: "zh", now: start });
    const view = await getMockSession({ actor: alice, id });
    expect(view.questions.every((q) => q.kind === "concept")).toBe(true); // 10 minutes: no coding task
    const slug = view.questions[0].slug;
    const late = new Date(start.getTime() + 10 * 60_000 + 1000);
    await expect(saveMockAnswer({ actor: alice, id, slug, text: "too late", now: late })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(extendMockSession({ actor: alice, id, now: late })).rejects.toMatchObject({ code: "CONFLICT" });

    await extendMockSession({ actor: alice, id, now: new Date(start.getTime() + 9 * 60_000) });
    const extended = await getMockSession({ actor: alice, id });
    expect(extended.extended).toBe(true);
    expect(extended.deadline.getTime() - start.getTime()).toBe(15 * 60_000);
    await saveMockAnswer({ actor: alice, id, slug, text: "在延长的时间里作答", now: late });
    await expect(extendMockSession({ actor: alice, id, now: late })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("another user can neither see nor change an interview (owner in every where clause)", async () => {
    const { id } = await startMockSession({ actor: alice, tag: "kv-cache", minutes: 10, locale: "en" });
    const slug = (await getMockSession({ actor: alice, id })).questions[0].slug;
    await expect(getMockSession({ actor: bob, id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(saveMockAnswer({ actor: bob, id, slug, text: "mine now" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(extendMockSession({ actor: bob, id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(finishMockSession({ actor: bob, id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listMockSessions({ actor: bob })).map((s) => s.id)).not.toContain(id);
    const untouched = await getMockSession({ actor: alice, id });
    expect(untouched).toMatchObject({ status: "active", extended: false });
    expect(untouched.questions[0].answer).toBeNull();
  });

  test("bad input gets a clear error", async () => {
    await expect(startMockSession({ actor: alice, tag: "no-such-topic", minutes: 20, locale: "en" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(startMockSession({ actor: alice, tag: "kv-cache", minutes: 7, locale: "en" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const { id } = await startMockSession({ actor: alice, tag: "kv-cache", minutes: 10, locale: "en" });
    await expect(saveMockAnswer({ actor: alice, id, slug: "not-in-it", text: "x" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
