/**
 * Editing questions through the admin use cases on the real database and the real grader: versions with change
 * summaries, diffs and restore, optimistic locking, the publish gate, expected-output generation, soft delete.
 */
import { getPrisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { saveQuestion } from "@/lib/use-cases/admin/save-question";
import { setQuestionStatus } from "@/lib/use-cases/admin/set-question-status";
import { deleteQuestions, restoreQuestions } from "@/lib/use-cases/admin/delete-questions";
import { diffQuestionVersions, listQuestionVersions, restoreQuestionVersion } from "@/lib/use-cases/admin/question-versions";
import { getAdminQuestion } from "@/lib/use-cases/admin/get-admin-question";
import { listAdminQuestions } from "@/lib/use-cases/admin/list-admin-questions";
import { listAuditLog } from "@/lib/use-cases/admin/list-audit-log";
import { generateExpectedOutputs, validateQuestion } from "@/lib/use-cases/admin/validate-question";
import { startValidationGrader, type ValidationGrader } from "../support/validation-grader";
import { asAdmin, codingQuestion, conceptQuestion, createUser, runId, snapshotOf } from "./admin-support";

const id = runId();
let admin: ReturnType<typeof asAdmin>;
let otherAdmin: ReturnType<typeof asAdmin>;
let grader: ValidationGrader;

beforeAll(async () => {
  grader = await startValidationGrader("clockwise_admin_edit"); // validation runs on a grader worker (a queue job)
  admin = asAdmin(await createUser("admin"));
  otherAdmin = asAdmin(await createUser("admin"));
}, 120_000);

afterAll(async () => {
  await grader.stop();
});

const codeOf = (error: unknown) => (error as AppError).code;

describe("versions", () => {
  const slug = `ver-${id}`;
  const v1 = conceptQuestion(slug);
  const v2 = { ...v1, content: { ...v1.content, en: { ...v1.content.en!, body: "Which stages?\nList all four." } } };
  const v3 = { ...v2, difficulty: "hard" as const, tags: ["pipeline" as const, "latency" as const] };

  test("every save is a version with who and what changed; a stale save is a CONFLICT that overwrites nothing", async () => {
    expect(await saveQuestion({ actor: admin, input: v1, expectedVersion: null })).toMatchObject({ version: 1, created: true, summary: "created" });
    expect(await saveQuestion({ actor: admin, input: v2, expectedVersion: 1 })).toMatchObject({ version: 2, summary: "content.en.body" });
    expect(await saveQuestion({ actor: otherAdmin, input: v3, expectedVersion: 2 })).toMatchObject({ version: 3, summary: "difficulty, tags" });

    // admin still has the editor open at version 2
    const before = await snapshotOf([slug], admin.id);
    const stale = await saveQuestion({ actor: admin, input: { ...v2, difficulty: "medium" }, expectedVersion: 2 }).catch((e: unknown) => e);
    expect(codeOf(stale)).toBe("CONFLICT");
    expect((stale as AppError).message).toMatch(/Someone else saved this question/);
    expect(await snapshotOf([slug], admin.id)).toBe(before);
    expect((await getAdminQuestion({ actor: admin, slug })).question.difficulty).toBe("hard");

    const { current, versions } = await listQuestionVersions({ actor: admin, slug });
    expect(current).toBe(3);
    expect(versions.map((v) => [v.version, v.summary, v.author?.id])).toEqual([
      [3, "difficulty, tags", otherAdmin.id],
      [2, "content.en.body", admin.id],
      [1, "created", admin.id],
    ]);
  });

  test("diff between versions lists changed fields with a line diff for text", async () => {
    const diff = await diffQuestionVersions({ actor: admin, slug, from: 1, to: 3 });
    expect(diff.fields.map((f) => f.path)).toEqual(["difficulty", "tags", "content.en.body"]);
    expect(diff.fields[0]).toMatchObject({ before: "easy", after: "hard" });
    expect(diff.fields[2].lines).toEqual([
      { op: "del", text: "Which stages does inference have?" },
      { op: "add", text: "Which stages?" },
      { op: "add", text: "List all four." },
    ]);
  });

  test("restoring an old version saves it as a new version (history kept) and honours the lock", async () => {
    expect(codeOf(await restoreQuestionVersion({ actor: admin, slug, version: 1, expectedVersion: 2 }).catch((e: unknown) => e))).toBe("CONFLICT");
    const restored = await restoreQuestionVersion({ actor: admin, slug, version: 1, expectedVersion: 3 });
    expect(restored).toMatchObject({ version: 4, summary: "restored v1: difficulty, tags, content.en.body" });
    const { question } = await getAdminQuestion({ actor: admin, slug });
    expect(question).toEqual(v1);
    expect((await listQuestionVersions({ actor: admin, slug })).versions).toHaveLength(4);
    const audit = await listAuditLog({ actor: admin, filter: { target: `question:${slug}` } });
    expect(audit.rows.map((r) => r.action)).toEqual(["question.restore-version", "question.update", "question.update", "question.create"]);
  });

  test("a new question cannot take an existing slug, and an existing slug cannot be renamed by saving", async () => {
    expect(codeOf(await saveQuestion({ actor: admin, input: v1, expectedVersion: null }).catch((e: unknown) => e))).toBe("CONFLICT");
    const renamed = await saveQuestion({ actor: admin, input: { ...v1, slug: `renamed-${id}` }, expectedVersion: 4 }).catch((e: unknown) => e);
    expect(codeOf(renamed)).toBe("NOT_FOUND");
    const invalid = await saveQuestion({ actor: admin, input: { ...v1, slug: "Bad Slug" }, expectedVersion: null }).catch((e: unknown) => e);
    expect(codeOf(invalid)).toBe("INVALID_INPUT");
    expect(Object.keys((invalid as AppError).fields!)).toEqual(["slug"]);
  });
});

describe("validation and the publish gate", () => {
  const slug = `gate-${id}`;
  const wrong = codingQuestion(slug, [
    { name: "one plus two", args: [1, 2], expected: 3, sample: true, weight: 1 },
    { name: "two plus two", args: [2, 2], expected: 5, sample: false, weight: 1 },
  ]);

  test("Validate grades every reference on every test and shows the failing one with stage timings", async () => {
    const report = await validateQuestion({ actor: admin, input: wrong });
    expect(report.ok).toBe(false);
    expect(report.languages.map((l) => [l.language, l.tests.map((t) => t.verdict)])).toEqual([
      ["python", ["AC", "WA"]],
      ["javascript", ["AC", "WA"]],
    ]);
    const failing = report.languages[0].tests[1];
    expect(failing).toMatchObject({ name: "two plus two", got: 4 });
    expect(failing.diff).toMatch(/5/);
    for (const t of report.languages[0].tests) {
      expect(t.stages.inputMs + t.stages.forwardMs + t.stages.postMs).toBeGreaterThan(0);
    }
    expect(report.problems).toEqual([expect.stringMatching(/^python: test 2 \(two plus two\): WA/), expect.stringMatching(/^javascript: test 2 \(two plus two\): WA/)]);
  }, 60_000);

  test("a coding question whose reference fails cannot be published (save or publish), a fixed one can", async () => {
    const saved = await saveQuestion({ actor: admin, input: wrong, expectedVersion: null });
    expect(saved.version).toBe(1);
    const viaSave = await saveQuestion({ actor: admin, input: { ...wrong, status: "published" }, expectedVersion: 1 }).catch((e: unknown) => e);
    expect(codeOf(viaSave)).toBe("INVALID_INPUT");
    expect((viaSave as AppError).fields!.coding[0]).toMatch(/two plus two\): WA/);
    const viaPublish = await setQuestionStatus({ actor: admin, slugs: [slug], status: "published" }).catch((e: unknown) => e);
    expect(codeOf(viaPublish)).toBe("INVALID_INPUT");
    expect((await getAdminQuestion({ actor: admin, slug })).question.status).toBe("draft");

    const fixed = { ...wrong, coding: { ...wrong.coding!, tests: wrong.coding!.tests.map((t, i) => (i === 1 ? { ...t, expected: 4 } : t)) } };
    await saveQuestion({ actor: admin, input: fixed, expectedVersion: 1 });
    expect((await validateQuestion({ actor: admin, input: fixed })).ok).toBe(true);
    expect(await setQuestionStatus({ actor: admin, slugs: [slug], status: "published" })).toEqual({ changed: [{ slug, version: 3 }], unchanged: [] });
    const list = await listAdminQuestions({ actor: admin, filter: { search: slug, status: "published", kind: "coding", difficulty: "easy", tag: "numerics" } });
    expect(list.rows.map((r) => [r.slug, r.status, r.version, r.titleEn])).toEqual([[slug, "published", 3, "Add two numbers"]]);
    expect((await listAdminQuestions({ actor: admin, filter: { search: slug, kind: "concept" } })).total).toBe(0);
    expect((await listAdminQuestions({ actor: admin, filter: { search: slug, status: "draft" } })).total).toBe(0);
  }, 60_000);

  test("Generate expected outputs fills only the tests without one, from the Python reference", async () => {
    const input = codingQuestion(`gen-${id}`, [
      { args: [1, 2], expected: 3, sample: true, weight: 1 },
      { args: [20, 22], sample: false, weight: 1 },
      { args: [0.5, 0.25], sample: false, weight: 1 },
    ]);
    const { question, filled } = await generateExpectedOutputs({ actor: admin, input });
    expect(filled).toEqual([1, 2]);
    expect(question.coding!.tests.map((t) => t.expected)).toEqual([3, 42, 0.75]);
  }, 60_000);

  test("a JavaScript reference that disagrees with the Python one on a test without expected fails validation", async () => {
    const input = codingQuestion(`agree-${id}`, [{ args: [1, 2], sample: true, weight: 1 }]);
    input.coding!.languages.javascript.reference = "function addNumbers(a, b) { return a - b; }";
    const report = await validateQuestion({ actor: admin, input });
    expect(report.languages.map((l) => l.verdict)).toEqual(["AC", "WA"]);
  }, 60_000);
});

describe("soft delete", () => {
  test("a deleted question leaves the lists and the editor, keeps its rows, and comes back on restore", async () => {
    const slug = `del-${id}`;
    await saveQuestion({ actor: admin, input: conceptQuestion(slug), expectedVersion: null });
    expect(await deleteQuestions({ actor: admin, slugs: [slug] })).toEqual({ changed: [slug] });
    expect((await listAdminQuestions({ actor: admin, filter: { search: slug } })).total).toBe(0);
    expect((await listAdminQuestions({ actor: admin, filter: { search: slug, status: "deleted" } })).rows.map((r) => r.slug)).toEqual([slug]);
    expect(codeOf(await saveQuestion({ actor: admin, input: conceptQuestion(slug), expectedVersion: 1 }).catch((e: unknown) => e))).toBe("NOT_FOUND");
    expect(await getPrisma().question.count({ where: { slug } })).toBe(1);
    expect(await restoreQuestions({ actor: admin, slugs: [slug] })).toEqual({ changed: [slug] });
    expect((await listAdminQuestions({ actor: admin, filter: { search: slug } })).total).toBe(1);
    expect(codeOf(await deleteQuestions({ actor: admin, slugs: [slug, `missing-${id}`] }).catch((e: unknown) => e))).toBe("NOT_FOUND");
    expect((await getAdminQuestion({ actor: admin, slug })).deletedAt).toBeNull();
  });
});
