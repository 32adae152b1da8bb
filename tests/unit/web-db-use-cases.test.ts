/**
 * The candidate-side data layer against the real PostgreSQL of the test run (tests/support/global-setup.ts):
 * review scheduling, concept attempts, progress, per-user status filters, mock picks — and that one user
 * never sees another's rows. Questions get unique slugs so this file can share the database with others.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { parseQuestionFile } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { disconnectPrisma, prisma } from "@/lib/db/client";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { rateQuestion } from "@/lib/use-cases/review/rate-question";
import { listReviewQueue } from "@/lib/use-cases/review/list-review-queue";
import { recordConceptAttempt } from "@/lib/use-cases/concept/record-concept-attempt";
import { getConceptKey } from "@/lib/use-cases/concept/get-concept-key";
import { getProgress } from "@/lib/use-cases/progress/get-progress";
import { getQuestionStatuses } from "@/lib/use-cases/progress/question-status";
import { listQuestionsByStatus } from "@/lib/use-cases/progress/list-questions-by-status";
import { listRecentSubmissions } from "@/lib/use-cases/progress/list-recent-activity";
import { pickMockQuestions } from "@/lib/use-cases/mock/pick-mock-questions";

const run = randomBytes(3).toString("hex");
const ROOT = path.resolve(__dirname, "../..");

function bankQuestion(file: string, slug: string, tag: Question["tags"][number]): Question {
  const { question, errors } = parseQuestionFile(file, fs.readFileSync(path.join(ROOT, "prisma/bank", file), "utf8"));
  if (!question) throw new Error(JSON.stringify(errors));
  return { ...question, slug, tags: [...question.tags.filter((t) => t !== tag), tag], status: "published" };
}

const alice = { id: `alice-${run}`, role: "candidate" as const };
const bob = { id: `bob-${run}`, role: "candidate" as const };
const conceptSlug = `web-concept-${run}`;
const codingSlug = `web-coding-${run}`;
let conceptId = "";
let codingId = "";

beforeAll(async () => {
  for (const u of [alice, bob]) {
    await prisma.user.create({ data: { id: u.id, name: u.id, email: `${u.id}@example.com` } });
  }
  conceptId = (await writeQuestion(prisma, bankQuestion("concept/llm-inference-key-steps.yaml", conceptSlug, "serving"), { existing: null, authorId: null, summary: "test" })).id;
  codingId = (await writeQuestion(prisma, bankQuestion("coding/semantic-vector.yaml", codingSlug, "serving"), { existing: null, authorId: null, summary: "test" })).id;
}, 60_000);

afterAll(async () => {
  await prisma.question.deleteMany({ where: { id: { in: [conceptId, codingId] } } });
  await prisma.user.deleteMany({ where: { id: { in: [alice.id, bob.id] } } });
  await disconnectPrisma();
});

describe("review scheduling", () => {
  it("creates the card on first rating, logs every rating, and keeps cards per user", async () => {
    const t0 = new Date("2026-03-01T10:00:00Z");
    const first = await rateQuestion({ actor: alice, questionSlug: conceptSlug, rating: "good", now: t0 });
    expect(first.state).toBe("learning");
    expect(first.due.getTime() - t0.getTime()).toBe(10 * 60_000);
    const second = await rateQuestion({ actor: alice, questionSlug: conceptSlug, rating: "good", now: first.due });
    expect(second.state).toBe("review");
    expect(second.reps).toBe(2);

    const card = await prisma.reviewCard.findUniqueOrThrow({ where: { userId_questionId: { userId: alice.id, questionId: conceptId } }, include: { logs: true } });
    expect(card.logs.map((l) => l.rating)).toEqual([3, 3]);
    expect(card.due.getTime()).toBe(second.due.getTime());
    expect(await prisma.reviewCard.count({ where: { userId: bob.id } })).toBe(0);
  });

  it("lists due and upcoming cards with the streak, only for the asking user", async () => {
    const card = await prisma.reviewCard.findUniqueOrThrow({ where: { userId_questionId: { userId: alice.id, questionId: conceptId } } });
    const before = await listReviewQueue({ actor: alice, locale: "en", now: new Date(card.due.getTime() - 1000) });
    expect(before.due).toEqual([]);
    expect(before.upcoming.map((i) => i.slug)).toEqual([conceptSlug]);
    expect(before.upcoming[0].title).toBe("What are the key steps of LLM inference?");

    const after = await listReviewQueue({ actor: alice, locale: "zh", now: new Date(card.due.getTime() + 1000) });
    expect(after.due.map((i) => i.slug)).toEqual([conceptSlug]);
    expect(after.due[0].title).toBe("LLM 推理过程中有哪些关键步骤？");

    const bobs = await listReviewQueue({ actor: bob, locale: "en", now: new Date(card.due.getTime() + 1000) });
    expect(bobs).toEqual({ due: [], upcoming: [], streak: 0, reviewedToday: 0 });
  });

  it("refuses to rate an unknown question", async () => {
    await expect(rateQuestion({ actor: alice, questionSlug: `missing-${run}`, rating: "good" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("concept attempts, statuses and progress", () => {
  it("reads the key in the requested locale, falling back to the other", async () => {
    const en = await getConceptKey({ slug: conceptSlug, locale: "en" });
    expect(en.locale).toBe("en");
    expect(en.keyPoints).toHaveLength(5);
    await prisma.questionContent.deleteMany({ where: { questionId: conceptId, locale: "en" } });
    const fallback = await getConceptKey({ slug: conceptSlug, locale: "en" });
    expect(fallback.locale).toBe("zh");
    await expect(getConceptKey({ slug: codingSlug, locale: "en" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("counts a high-scoring concept attempt as solved and a failed coding submit as attempted", async () => {
    await recordConceptAttempt({
      actor: alice,
      input: { questionId: conceptId, locale: "zh", answer: "…", score: 0.8, keyPoints: [{ text: "k", covered: true, semantic: 0.9, lexical: 0.7 }] },
    });
    const sub = await prisma.submission.create({
      data: { userId: alice.id, questionId: codingId, language: "python", code: "x", mode: "submit", status: "done", verdict: "WA", score: 0.2 },
    });
    await prisma.testResult.create({
      data: { submissionId: sub.id, ordinal: 0, verdict: "AC", inputMs: 1, forwardMs: 2, postMs: 3, refInputMs: 0.5, refForwardMs: 2, refPostMs: 1 },
    });

    const statuses = await getQuestionStatuses({ actor: alice, now: new Date("2026-03-01T10:00:00Z") });
    const mine = Object.fromEntries(statuses.filter((s) => s.slug.endsWith(run)).map((s) => [s.slug, s.status]));
    expect(mine).toEqual({ [conceptSlug]: "solved", [codingSlug]: "attempted" });
    expect(await getQuestionStatuses({ actor: bob })).toEqual([]);

    // Alice's card for the concept question fell due in March, and "due" wins over "solved".
    const due = await listQuestionsByStatus({ actor: alice, status: "due", filter: { locale: "en", tags: ["serving"], q: run } });
    expect(due.items.map((i) => i.slug)).toEqual([conceptSlug]);
    const attempted = await listQuestionsByStatus({ actor: alice, status: "attempted", filter: { locale: "en", q: run } });
    expect(attempted.items.map((i) => i.slug)).toEqual([codingSlug]);
    const fresh = await listQuestionsByStatus({ actor: bob, status: "new", filter: { locale: "en", q: run, sort: "slug" } });
    expect(fresh.items.map((i) => i.slug)).toEqual([codingSlug, conceptSlug]);
    const aliceNew = await listQuestionsByStatus({ actor: alice, status: "new", filter: { locale: "en", q: run } });
    expect(aliceNew.total).toBe(0);

    const progress = await getProgress({ actor: alice });
    const serving = progress.byTopic.find((b) => b.key === "serving");
    expect(serving).toMatchObject({ attempted: 2, solved: 1 });
    expect(progress.stages).toMatchObject({ tests: 1, inputMs: 1, forwardMs: 2, postMs: 3, refInputMs: 0.5, refForwardMs: 2, refPostMs: 1 });

    const recent = await listRecentSubmissions({ actor: alice, locale: "en", questionSlug: codingSlug });
    expect(recent.map((r) => [r.id, r.verdict])).toEqual([[sub.id, "WA"]]);
    expect(await listRecentSubmissions({ actor: bob, locale: "en" })).toEqual([]);
  });
});

describe("mock interview", () => {
  it("picks only published concept questions of the topic", async () => {
    const picked = await pickMockQuestions({ actor: alice, tag: "serving", count: 10, locale: "en" });
    expect(picked.map((q) => q.slug)).toContain(conceptSlug);
    expect(picked.map((q) => q.slug)).not.toContain(codingSlug);
    expect(picked.every((q) => q.kind === "concept")).toBe(true);
  });
});

describe("concept attempt history", () => {
  it("lists only the asking user's attempts for the question, newest first, with coverage counts", async () => {
    const { listConceptAttempts } = await import("@/lib/use-cases/concept/list-concept-attempts");
    await recordConceptAttempt({
      actor: alice,
      input: { questionId: conceptId, locale: "zh", answer: "second", score: 0.5, keyPoints: [{ text: "a", covered: true, semantic: 1, lexical: 1 }, { text: "b", covered: false, semantic: 0, lexical: 0 }] },
    });
    const mine = await listConceptAttempts({ actor: alice, questionSlug: conceptSlug });
    expect(mine.map((a) => [a.score, a.covered, a.total])).toEqual([[0.5, 1, 2], [0.8, 1, 1]]);
    expect(await listConceptAttempts({ actor: bob, questionSlug: conceptSlug })).toEqual([]);
  });
});
