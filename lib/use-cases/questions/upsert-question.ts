import "server-only";
/**
 * Create or replace a question (admin only). The input is parsed with the bank's QuestionSchema (bad input →
 * INVALID_INPUT with field errors). Editing an existing slug bumps its version; pass `expectedVersion` (the version
 * the editor loaded) to get CONFLICT instead of silently overwriting someone else's edit. Every save records a
 * QuestionVersion snapshot and an AuditLog entry.
 *
 * @example
 *   const { slug, version, created } = await upsertQuestion({ actor, input: formData, expectedVersion: 3 });
 */
import { QuestionSchema } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError, fieldErrorsFromIssues } from "@/lib/errors";
import { VersionConflict, writeQuestion } from "@/lib/db/questions/question-record";

export interface UpsertQuestionResult {
  id: string;
  slug: string;
  version: number;
  created: boolean;
}

export async function upsertQuestion({
  actor,
  input,
  expectedVersion,
  summary,
}: {
  actor: Actor;
  input: unknown;
  expectedVersion?: number;
  summary?: string;
}): Promise<UpsertQuestionResult> {
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in first.");
  if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only admins can edit questions.");
  const parsed = QuestionSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", "The question is not valid.", fieldErrorsFromIssues(parsed.error.issues));
  }
  const question = parsed.data;
  try {
    return await prisma.$transaction(async (tx) => {
      const existing = await tx.question.findUnique({ where: { slug: question.slug }, select: { id: true, version: true } });
      if (existing && expectedVersion !== undefined && existing.version !== expectedVersion) throw new VersionConflict();
      if (!existing && expectedVersion !== undefined && expectedVersion > 0) {
        throw new AppError("NOT_FOUND", `No question with slug "${question.slug}" to update.`);
      }
      const saved = await writeQuestion(tx, question, {
        existing,
        authorId: actor.id,
        summary: summary?.slice(0, 500) ?? (existing ? "edited" : "created"),
      });
      await tx.auditLog.create({
        data: {
          actorId: actor.id,
          action: existing ? "question.update" : "question.create",
          target: `question:${question.slug}`,
          details: { version: saved.version, status: question.status },
        },
      });
      return { id: saved.id, slug: question.slug, version: saved.version, created: !existing };
    });
  } catch (error) {
    if (error instanceof VersionConflict) {
      throw new AppError("CONFLICT", "Someone else saved this question since you opened it. Reload and apply your changes again.");
    }
    throw error;
  }
}
