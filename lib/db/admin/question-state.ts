/**
 * Reading a question's current state for admin use cases (soft-deleted ones included), and the publish gate
 * shared by save, publish, restore and import: a published coding question must pass validation.
 *
 * @example
 *   const current = await loadQuestionState(prisma, "semantic-vector"); // → { id, version, deletedAt, question } | null
 *   await assertPublishable(question, current?.question ?? null, engine); // throws INVALID_INPUT when a reference fails
 */
import type { Question } from "@/lib/bank/schema";
import type { EngineLike } from "@/lib/grader/types";
import { AppError } from "../errors";
import { questionWithEverything, rowToQuestion, type Db } from "../questions/question-record";
import { resolveEngine } from "./engine";
import { validateReferences, type ValidationReport } from "./reference-validation";
import { canonicalJson } from "./question-changes";

export interface QuestionState {
  id: string;
  version: number;
  deletedAt: Date | null;
  updatedAt: Date;
  question: Question;
}

export async function loadQuestionState(db: Db, slug: string): Promise<QuestionState | null> {
  const row = await db.question.findUnique({ where: { slug }, include: questionWithEverything });
  if (!row) return null;
  return { id: row.id, version: row.version, deletedAt: row.deletedAt, updatedAt: row.updatedAt, question: rowToQuestion(row) };
}

/** True when publishing `next` needs a fresh validation (its coding spec is not the one already published). */
export function needsValidation(next: Question, before: Question | null): boolean {
  if (next.status !== "published" || !next.coding) return false;
  return !(before?.status === "published" && canonicalJson(before.coding) === canonicalJson(next.coding));
}

/** Validation report when `next` needs one; null otherwise. */
export async function validationFor(next: Question, before: Question | null, engine?: EngineLike): Promise<ValidationReport | null> {
  if (!needsValidation(next, before)) return null;
  return validateReferences(next.coding!, await resolveEngine(engine));
}

/** Throws INVALID_INPUT (field "coding") listing every failure when `next` may not be published. */
export async function assertPublishable(next: Question, before: Question | null, engine?: EngineLike): Promise<ValidationReport | null> {
  const report = await validationFor(next, before, engine);
  if (report && !report.ok) {
    throw new AppError("INVALID_INPUT", `"${next.slug}" cannot be published: its reference solution fails validation.`, { coding: report.problems });
  }
  return report;
}
