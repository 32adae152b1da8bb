/**
 * Authorization lives in the data layer: who may write questions, who sees drafts, reference solutions and hidden
 * tests, and whose submissions. Real Postgres, real use cases; users are plain rows.
 */
import { randomUUID } from "node:crypto";
import type { QuestionInput } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { prisma, disconnectPrisma } from "@/lib/db/client";
import { upsertQuestion } from "@/lib/use-cases/questions/upsert-question";
import { listQuestions } from "@/lib/use-cases/questions/list-questions";
import { getQuestion } from "@/lib/use-cases/questions/get-question";
import { getQuestionForGrading } from "@/lib/db/questions/get-question-for-grading";
import { getSubmission } from "@/lib/use-cases/submissions/get-submission";
import { listSubmissions } from "@/lib/use-cases/submissions/list-submissions";

const run = randomUUID().slice(0, 8);
const REFERENCE_MARKER = `secret_reference_${run}`;
const HIDDEN_ARG = `hidden-input-${run}`;

async function makeUser(role: "candidate" | "admin"): Promise<NonNullable<Actor>> {
  const user = await prisma.user.create({
    data: { id: randomUUID(), email: `${role}-${randomUUID()}@example.test`, name: role, role },
  });
  return { id: user.id, role };
}

function codingQuestion(slug: string, status: "draft" | "published"): QuestionInput {
  return {
    slug,
    kind: "coding",
    difficulty: "medium",
    tags: ["numerics"],
    status,
    content: {
      en: { title: `Zebra softmax ${run}`, body: "Return softmax of the logits." },
      zh: { title: `斑马 softmax ${run}`, body: "返回 logits 的 softmax。" },
    },
    coding: {
      params: ["text"],
      checker: { type: "exact" },
      languages: {
        python: { entry: "solve", starter: "def solve(text, engine):\n    pass\n", reference: `def solve(text, engine):\n    return '${REFERENCE_MARKER}'\n` },
        javascript: { entry: "solve", starter: "function solve(text, engine) {}\n", reference: `function solve() { return "${REFERENCE_MARKER}"; }` },
      },
      tests: [
        { name: "sample", args: ["visible"], expected: "v", sample: true },
        { name: "hidden one", args: [HIDDEN_ARG], expected: "h" },
      ],
    },
  };
}

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

let admin: NonNullable<Actor>;
let alice: NonNullable<Actor>;
let bob: NonNullable<Actor>;
const publishedSlug = `perm-published-${run}`;
const draftSlug = `perm-draft-${run}`;

beforeAll(async () => {
  [admin, alice, bob] = await Promise.all([makeUser("admin"), makeUser("candidate"), makeUser("candidate")]);
  await upsertQuestion({ actor: admin, input: codingQuestion(publishedSlug, "published") });
  await upsertQuestion({ actor: admin, input: codingQuestion(draftSlug, "draft") });
});

afterAll(async () => {
  await disconnectPrisma();
});

describe("upsertQuestion", () => {
  test("guests and candidates cannot write questions", async () => {
    await expectAppError(upsertQuestion({ actor: null, input: codingQuestion(`x-${run}`, "draft") }), "UNAUTHORIZED");
    await expectAppError(upsertQuestion({ actor: alice, input: codingQuestion(`x-${run}`, "draft") }), "FORBIDDEN");
    expect(await prisma.question.count({ where: { slug: `x-${run}` } })).toBe(0);
  });

  test("an admin's save records a version snapshot and an audit entry; a stale version is a CONFLICT", async () => {
    const slug = `perm-edit-${run}`;
    const created = await upsertQuestion({ actor: admin, input: codingQuestion(slug, "draft") });
    expect(created).toMatchObject({ slug, version: 1, created: true });
    const edited = await upsertQuestion({ actor: admin, input: { ...codingQuestion(slug, "published"), difficulty: "hard" }, expectedVersion: 1 });
    expect(edited).toMatchObject({ version: 2, created: false });
    await expectAppError(upsertQuestion({ actor: admin, input: codingQuestion(slug, "draft"), expectedVersion: 1 }), "CONFLICT");

    const versions = await prisma.questionVersion.findMany({ where: { question: { slug } }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.version, (v.snapshot as { difficulty: string }).difficulty, v.authorId])).toEqual([
      [1, "medium", admin.id],
      [2, "hard", admin.id],
    ]);
    const audit = await prisma.auditLog.findMany({ where: { target: `question:${slug}` }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["question.create", admin.id],
      ["question.update", admin.id],
    ]);
    const row = await prisma.question.findUniqueOrThrow({ where: { slug }, include: { testCases: true } });
    expect(row).toMatchObject({ version: 2, difficulty: "hard", status: "published" });
    expect(row.testCases).toHaveLength(2);
  });

  test("invalid input is INVALID_INPUT with field paths", async () => {
    const bad = { ...codingQuestion(`bad-${run}`, "draft"), tags: ["not-a-tag"], difficulty: "impossible" };
    const error = await expectAppError(upsertQuestion({ actor: admin, input: bad }), "INVALID_INPUT");
    expect(Object.keys(error.fields ?? {})).toEqual(expect.arrayContaining(["tags.0", "difficulty"]));
  });
});

describe("reading questions", () => {
  test.each([
    ["guest", () => null as Actor],
    ["candidate", () => alice],
  ])("a %s lists published questions only", async (_who, actor) => {
    const list = await listQuestions({ actor: actor(), locale: "en", q: run, pageSize: 100 });
    const slugs = list.items.map((i) => i.slug);
    expect(slugs).toContain(publishedSlug);
    expect(slugs).not.toContain(draftSlug);
    expect(list.items.every((i) => i.status === "published")).toBe(true);
  });

  test("an admin also sees drafts and can filter by status", async () => {
    const all = await listQuestions({ actor: admin, locale: "en", q: run, pageSize: 100 });
    expect(all.items.map((i) => i.slug)).toEqual(expect.arrayContaining([publishedSlug, draftSlug]));
    const drafts = await listQuestions({ actor: admin, locale: "en", q: run, status: "draft", pageSize: 100 });
    expect(drafts.items.map((i) => i.slug)).toContain(draftSlug);
    expect(drafts.items.every((i) => i.status === "draft")).toBe(true);
  });

  test("search finds Chinese text, titles follow the locale, and filters narrow", async () => {
    const zh = await listQuestions({ actor: null, locale: "zh", q: `斑马 softmax ${run}`, difficulty: "medium" });
    expect(zh.items.map((i) => [i.slug, i.title, i.locale])).toEqual([[publishedSlug, `斑马 softmax ${run}`, "zh"]]);
    // The edited copy is "hard" now: a difficulty filter separates them.
    const hard = await listQuestions({ actor: null, locale: "en", q: run, difficulty: ["hard"] });
    expect(hard.items.map((i) => [i.slug, i.difficulty, i.title])).toEqual([[`perm-edit-${run}`, "hard", `Zebra softmax ${run}`]]);
    const none = await listQuestions({ actor: null, locale: "en", q: run, difficulty: "easy" });
    expect(none.total).toBe(0);
    const wrongTag = await listQuestions({ actor: null, locale: "en", q: run, tags: ["bert"] });
    expect(wrongTag.total).toBe(0);
  });

  test("a bad filter is INVALID_INPUT, not a crash", async () => {
    await expectAppError(listQuestions({ actor: null, locale: "en", pageSize: 10_000 }), "INVALID_INPUT");
  });

  test("candidates never receive reference solutions or hidden tests; admins do", async () => {
    const view = await getQuestion({ actor: alice, slug: publishedSlug, locale: "en" });
    expect(view.coding?.sampleTests.map((t) => t.args)).toEqual([["visible"]]);
    expect(view.coding?.hiddenTestCount).toBe(1);
    const serialized = JSON.stringify(view);
    expect(serialized).not.toContain(REFERENCE_MARKER);
    expect(serialized).not.toContain(HIDDEN_ARG);
    expect(view.coding?.languages.python).toEqual({ entry: "solve", starter: "def solve(text, engine):\n    pass\n" });

    const adminView = await getQuestion({ actor: admin, slug: publishedSlug, locale: "en" });
    expect(adminView.coding?.references?.python).toContain(REFERENCE_MARKER);
    expect(adminView.coding?.hiddenTests?.map((t) => t.args)).toEqual([[HIDDEN_ARG]]);

    const grading = await getQuestionForGrading({ slug: publishedSlug });
    expect(grading.coding.tests).toHaveLength(2);
    expect(grading.coding.languages.python.reference).toContain(REFERENCE_MARKER);
  });

  test("drafts are NOT_FOUND for guests and candidates, visible to admins", async () => {
    await expectAppError(getQuestion({ actor: null, slug: draftSlug, locale: "en" }), "NOT_FOUND");
    await expectAppError(getQuestion({ actor: alice, slug: draftSlug, locale: "en" }), "NOT_FOUND");
    expect((await getQuestion({ actor: admin, slug: draftSlug, locale: "zh" })).title).toBe(`斑马 softmax ${run}`);
  });

  test("missing locale falls back to the other language", async () => {
    const slug = `perm-en-only-${run}`;
    const input = codingQuestion(slug, "published");
    await upsertQuestion({ actor: admin, input: { ...input, content: { en: input.content.en } } });
    const view = await getQuestion({ actor: null, slug, locale: "zh" });
    expect([view.locale, view.title, view.availableLocales]).toEqual(["en", `Zebra softmax ${run}`, ["en"]]);
  });
});

describe("submissions", () => {
  let aliceSubmissionId: string;

  beforeAll(async () => {
    const question = await prisma.question.findUniqueOrThrow({ where: { slug: publishedSlug } });
    const submission = await prisma.submission.create({
      data: {
        userId: alice.id,
        questionId: question.id,
        language: "python",
        code: "def solve(text, engine):\n    return 'v'\n",
        mode: "submit",
        status: "done",
        verdict: "WA",
        score: 0.5,
        results: {
          create: [
            { ordinal: 0, verdict: "AC", hidden: false, stdout: "visible out", forwardMs: 1.5 },
            { ordinal: 1, verdict: "WA", hidden: true, stdout: `leak ${HIDDEN_ARG}`, diff: `expected h for ${HIDDEN_ARG}`, forwardMs: 2 },
          ],
        },
      },
    });
    aliceSubmissionId = submission.id;
  });

  test("the owner reads it, with hidden tests' output redacted", async () => {
    const view = await getSubmission({ actor: alice, id: aliceSubmissionId });
    expect(view).toMatchObject({ id: aliceSubmissionId, verdict: "WA", questionSlug: publishedSlug });
    // A hidden test keeps its verdict only: no output and no counters a submission could encode its input in (ADR 0610).
    expect(view.results.map((r) => [r.ordinal, r.verdict, r.hidden, r.redacted, r.stdout, r.forwardMs])).toEqual([
      [0, "AC", false, false, "visible out", 1.5],
      [1, "WA", true, true, "", 0],
    ]);
    expect(view.results[1]!.failure).toEqual({ kind: "wrong", type: null, message: null, line: null });
    expect(JSON.stringify(view)).not.toContain(HIDDEN_ARG);
  });

  test("another user gets NOT_FOUND, a guest UNAUTHORIZED, an admin everything", async () => {
    await expectAppError(getSubmission({ actor: bob, id: aliceSubmissionId }), "NOT_FOUND");
    await expectAppError(getSubmission({ actor: null, id: aliceSubmissionId }), "UNAUTHORIZED");
    const asAdmin = await getSubmission({ actor: admin, id: aliceSubmissionId });
    expect(asAdmin.results[1]!.diff).toBe(`expected h for ${HIDDEN_ARG}`);
    expect(asAdmin.results[1]!.forwardMs).toBe(2);
  });

  test("lists are per user; a candidate cannot list someone else's", async () => {
    expect((await listSubmissions({ actor: alice })).items.map((s) => s.id)).toEqual([aliceSubmissionId]);
    expect((await listSubmissions({ actor: bob })).items).toEqual([]);
    await expectAppError(listSubmissions({ actor: bob, userId: alice.id }), "FORBIDDEN");
    expect((await listSubmissions({ actor: admin, userId: alice.id, questionSlug: publishedSlug })).items).toHaveLength(1);
  });
});
