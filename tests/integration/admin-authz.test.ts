/**
 * Every admin use case refuses a candidate (FORBIDDEN) and a guest (UNAUTHORIZED) in the data layer itself, and
 * the refusal changes nothing: no question, version or audit row is written.
 */
import { disconnectPrisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { saveQuestion } from "@/lib/use-cases/admin/save-question";
import { setQuestionStatus } from "@/lib/use-cases/admin/set-question-status";
import { deleteQuestions, restoreQuestions } from "@/lib/use-cases/admin/delete-questions";
import { diffQuestionVersions, listQuestionVersions, restoreQuestionVersion } from "@/lib/use-cases/admin/question-versions";
import { applyImport, previewImport } from "@/lib/use-cases/admin/import-bank";
import { exportBank } from "@/lib/use-cases/admin/export-bank";
import { listAdminQuestions } from "@/lib/use-cases/admin/list-admin-questions";
import { getAdminQuestion, listTagsInUse } from "@/lib/use-cases/admin/get-admin-question";
import { listAuditLog } from "@/lib/use-cases/admin/list-audit-log";
import { previewMarkdown } from "@/lib/use-cases/admin/preview-markdown";
import { generateExpectedOutputs, readQuestionValidation, startQuestionValidation, validateQuestion } from "@/lib/use-cases/admin/validate-question";
import { makeBundle, serializeBundle } from "@/lib/bank/bundle";
import { asAdmin, codingQuestion, conceptQuestion, createUser, runId, snapshotOf } from "./admin-support";

const id = runId();
const existing = `authz-existing-${id}`;
const fresh = `authz-new-${id}`;
const bundleText = serializeBundle(makeBundle([conceptQuestion(fresh)]));
const codingInput = codingQuestion(fresh, [{ args: [1, 2], expected: 3, sample: true, weight: 1 }]);

type UseCase = { name: string; call: (actor: Actor) => Promise<unknown> };

const USE_CASES: UseCase[] = [
  { name: "saveQuestion (create)", call: (actor) => saveQuestion({ actor, input: conceptQuestion(fresh), expectedVersion: null }) },
  { name: "saveQuestion (edit)", call: (actor) => saveQuestion({ actor, input: conceptQuestion(existing, { difficulty: "hard" }), expectedVersion: 1 }) },
  { name: "setQuestionStatus", call: (actor) => setQuestionStatus({ actor, slugs: [existing], status: "draft" }) },
  { name: "deleteQuestions", call: (actor) => deleteQuestions({ actor, slugs: [existing] }) },
  { name: "restoreQuestions", call: (actor) => restoreQuestions({ actor, slugs: [existing] }) },
  { name: "listQuestionVersions", call: (actor) => listQuestionVersions({ actor, slug: existing }) },
  { name: "diffQuestionVersions", call: (actor) => diffQuestionVersions({ actor, slug: existing, from: 1, to: 1 }) },
  { name: "restoreQuestionVersion", call: (actor) => restoreQuestionVersion({ actor, slug: existing, version: 1, expectedVersion: 1 }) },
  { name: "previewImport", call: (actor) => previewImport({ actor, files: [{ name: "b.json", text: bundleText }] }) },
  { name: "applyImport", call: (actor) => applyImport({ actor, files: [{ name: "b.json", text: bundleText }] }) },
  { name: "exportBank", call: (actor) => exportBank({ actor }) },
  { name: "listAdminQuestions", call: (actor) => listAdminQuestions({ actor }) },
  { name: "getAdminQuestion", call: (actor) => getAdminQuestion({ actor, slug: existing }) },
  { name: "listTagsInUse", call: (actor) => listTagsInUse({ actor }) },
  { name: "listAuditLog", call: (actor) => listAuditLog({ actor }) },
  { name: "previewMarkdown", call: (actor) => previewMarkdown({ actor, markdown: "**x**" }) },
  { name: "validateQuestion", call: (actor) => validateQuestion({ actor, input: codingInput }) },
  { name: "generateExpectedOutputs", call: (actor) => generateExpectedOutputs({ actor, input: codingInput }) },
  { name: "startQuestionValidation", call: (actor) => startQuestionValidation({ actor, input: codingInput }) },
  { name: "readQuestionValidation", call: (actor) => readQuestionValidation({ actor, id: "rv_0123456789abcdef01234567" }) },
];

let candidate: { id: string; role: "candidate" };
let admin: { id: string; role: "admin" };

beforeAll(async () => {
  candidate = await createUser("candidate");
  admin = await createUser("admin");
  await saveQuestion({ actor: asAdmin(admin), input: conceptQuestion(existing), expectedVersion: null });
});

afterAll(() => disconnectPrisma());

describe.each(USE_CASES)("$name", ({ call }) => {
  test("refuses a candidate with FORBIDDEN and changes nothing", async () => {
    const before = await snapshotOf([existing, fresh], candidate.id);
    const adminAudits = await snapshotOf([], admin.id);
    const error = await call(candidate).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("FORBIDDEN");
    expect((error as AppError).status).toBe(403);
    expect(await snapshotOf([existing, fresh], candidate.id)).toBe(before);
    expect(await snapshotOf([], admin.id)).toBe(adminAudits);
  });

  test("refuses a guest with UNAUTHORIZED", async () => {
    const before = await snapshotOf([existing, fresh], admin.id);
    const error = await call(null).catch((e: unknown) => e);
    expect((error as AppError).code).toBe("UNAUTHORIZED");
    expect(await snapshotOf([existing, fresh], admin.id)).toBe(before);
  });
});

test("the same calls work for an admin (the table is not refusing everyone)", async () => {
  const actor = asAdmin(admin);
  await expect(listAdminQuestions({ actor, filter: { search: existing } })).resolves.toMatchObject({ total: 1 });
  await expect(getAdminQuestion({ actor, slug: existing })).resolves.toMatchObject({ version: 1 });
  await expect(listAuditLog({ actor, filter: { target: existing } })).resolves.toMatchObject({ total: 1 });
  const tags = await listTagsInUse({ actor });
  expect(tags.find((t) => t.tag === "pipeline")?.count).toBeGreaterThanOrEqual(1);
  const preview = await previewMarkdown({ actor, markdown: "**x** <script>alert(1)</script>" });
  expect(preview.html).toContain("<strong>x</strong>");
  expect(preview.html).not.toContain("script");
  expect(preview.removed).toEqual(["raw:<script>", "raw:</script>"]);
});
