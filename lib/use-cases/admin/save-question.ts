import "server-only";
/**
 * Create or edit a question from the admin editor. Optimistic locking: an edit carries the version it was loaded
 * at; if someone saved since, CONFLICT and nothing is overwritten. The slug of an existing question never changes
 * (links and submissions point at it). Publishing a coding question requires its references to pass validation.
 * Every save records a QuestionVersion (who, when, a summary of changed fields) and an AuditLog row.
 *
 * @example
 *   await saveQuestion({ actor, input: question, expectedVersion: null });      // create → { version: 1, created: true }
 *   await saveQuestion({ actor, input: edited, expectedVersion: 1 });           // edit   → { version: 2, summary: "content.en.body" }
 */
import { QuestionSchema } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError, fieldErrorsFromIssues } from "@/lib/errors";
import { VersionConflict, writeQuestion } from "@/lib/db/questions/question-record";
import { assertAdmin } from "./admin-actor";
import { questionTarget, recordAudit } from "./audit";
import { changedFields, summarizeChanges } from "./question-changes";
import { assertPublishable, loadQuestionState } from "./question-state";
import { limitProblems } from "./question-limits";

export interface SaveQuestionResult {
  slug: string;
  version: number;
  created: boolean;
  summary: string;
  changes: string[];
}

export const CONFLICT_MESSAGE = "Someone else saved this question after you opened it. Your changes were NOT saved: reload to see their version, then apply your edits again.";

export async function saveQuestion({
  actor,
  input,
  expectedVersion,
}: {
  actor: Actor;
  input: unknown;
  /** The version the editor loaded; null to create a new question. */
  expectedVersion: number | null;
}): Promise<SaveQuestionResult> {
  const admin = assertAdmin(actor);
  const parsed = QuestionSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "The question is not valid.", fieldErrorsFromIssues(parsed.error.issues));
  const question = parsed.data;
  const overLimits = limitProblems(question);
  if (Object.keys(overLimits).length) throw new AppError("INVALID_INPUT", "A limit is outside what this server allows.", overLimits);
  const current = await loadQuestionState(prisma, question.slug);
  if (expectedVersion === null) {
    if (current) throw new AppError("CONFLICT", `The slug "${question.slug}" is already used${current.deletedAt ? " by a deleted question (restore it instead)" : ""}.`, { slug: ["already used"] });
  } else {
    if (!current) throw new AppError("NOT_FOUND", `No question "${question.slug}" (the slug of an existing question cannot change).`);
    if (current.deletedAt) throw new AppError("NOT_FOUND", `"${question.slug}" is deleted; restore it before editing.`);
    if (current.version !== expectedVersion) throw new AppError("CONFLICT", CONFLICT_MESSAGE);
  }
  const before = current?.question ?? null;
  await assertPublishable(question, before);
  const changes = changedFields(before, question);
  const summary = summarizeChanges(before, question);
  try {
    const saved = await prisma.$transaction(async (tx) => {
      const written = await writeQuestion(tx, question, {
        existing: current && expectedVersion !== null ? { id: current.id, version: expectedVersion } : null,
        authorId: admin.id,
        summary,
      });
      await recordAudit(tx, admin, current ? "question.update" : "question.create", questionTarget(question.slug), { version: written.version, changes });
      return written;
    });
    return { slug: question.slug, version: saved.version, created: !current, summary, changes };
  } catch (error) {
    if (error instanceof VersionConflict) throw new AppError("CONFLICT", CONFLICT_MESSAGE);
    // A concurrent create of the same slug loses on the unique index.
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", `The slug "${question.slug}" is already used.`);
    throw error;
  }
}
