/**
 * Reading a question's current state for admin use cases (soft-deleted ones included), and the publish gate
 * shared by save, publish, restore and import: a published coding question must pass validation.
 *
 * @example
 *   const current = await loadQuestionState(prisma, "semantic-vector"); // → { id, version, deletedAt, question } | null
 *   await assertPublishable(question, current?.question ?? null); // throws INVALID_INPUT when a reference fails (run on a grader)
 */
import type { Question } from "@/lib/bank/schema";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { questionWithEverything, rowToQuestion, type Db } from "@/lib/db/questions/question-record";
import { validateOnGrader, type ValidationReport } from "./reference-runs";
import { canonicalJson } from "./question-changes";
import { keyPointProblems } from "@/lib/bank/key-points";

export interface QuestionState {
  id: string;
  version: number;
  deletedAt: Date | null;
  updatedAt: Date;
  question: Question;
}

export async function loadQuestionState(db: Db, slug: string): Promise<QuestionState | null> {
  const row = await db.question.findUnique({ where: { slug }, include: questionWithCurrentSnapshot });
  if (!row) return null;
  return { id: row.id, version: row.version, deletedAt: row.deletedAt, updatedAt: row.updatedAt, question: questionFromRow(row) };
}

/** The rows plus the snapshot saved with the current version (see questionFromRow). */
export const questionWithCurrentSnapshot = {
  ...questionWithEverything,
  versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, snapshot: true } },
} satisfies Prisma.QuestionInclude;

type RowWithSnapshot = Prisma.QuestionGetPayload<{ include: typeof questionWithCurrentSnapshot }>;

/**
 * The question as rows say, with one repair: TestCase.expected cannot tell "expected value is JSON null" from
 * "no expected value" (both read back as null), so a test whose saved snapshot says `expected: null` gets it back.
 * Without this an export, or opening and saving in the editor, would silently turn "must return null" into
 * "compare with the reference".
 */
export function questionFromRow(row: RowWithSnapshot): Question {
  const question = rowToQuestion(row);
  const snapshot = row.versions[0]?.version === row.version ? (row.versions[0].snapshot as { coding?: { tests?: { expected?: unknown }[] } } | null) : null;
  const savedTests = snapshot?.coding?.tests;
  if (question.coding && savedTests && savedTests.length === question.coding.tests.length) {
    question.coding.tests = question.coding.tests.map((test, i) =>
      test.expected === undefined && savedTests[i] && "expected" in savedTests[i] && savedTests[i].expected === null ? { ...test, expected: null } : test,
    );
  }
  return question;
}

/** True when publishing `next` needs a fresh validation (its coding spec is not the one already published). */
export function needsValidation(next: Question, before: Question | null): boolean {
  if (next.status !== "published" || !next.coding) return false;
  return !(before?.status === "published" && canonicalJson(before.coding) === canonicalJson(next.coding));
}

/**
 * Validation report when `next` needs one; null otherwise. Run by a grader worker (a job on the grading queue) or
 * answered from the shared cache of passing reports; UNAVAILABLE when no grader can run it.
 */
export async function validationFor(next: Question, before: Question | null): Promise<ValidationReport | null> {
  if (!needsValidation(next, before)) return null;
  return validateOnGrader(next.coding!);
}

/** Throws INVALID_INPUT (field "coding") listing every failure when `next` may not be published. */
export async function assertPublishable(next: Question, before: Question | null): Promise<ValidationReport | null> {
  // Placeholder key points ("K", "V") would let any answer containing those letters score 100 % (issue 18.9).
  const keyPoints = keyPointProblems(next);
  if (keyPoints.length) throw new AppError("INVALID_INPUT", `"${next.slug}" cannot be published: its key points are placeholders.`, { content: keyPoints });
  const report = await validationFor(next, before);
  if (report && !report.ok) {
    throw new AppError("INVALID_INPUT", `"${next.slug}" cannot be published: its reference solution fails validation.`, { coding: report.problems });
  }
  return report;
}
