import "server-only";
/**
 * The full question in the bank format (references and hidden tests included) for the admin editor and export,
 * with the version to send back as `expectedVersion`. Admin only.
 *
 * @example
 *   const { question, version } = await getQuestionForEditing({ actor, slug });
 */
import type { Question } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { questionWithEverything, rowToQuestion } from "@/lib/db/questions/question-record";

export async function getQuestionForEditing({ actor, slug }: { actor: Actor; slug: string }): Promise<{ question: Question; version: number; updatedAt: Date }> {
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in first.");
  if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only admins can edit questions.");
  const row = await prisma.question.findFirst({ where: { slug, deletedAt: null }, include: questionWithEverything });
  if (!row) throw new AppError("NOT_FOUND", `No question "${slug}".`);
  return { question: rowToQuestion(row), version: row.version, updatedAt: row.updatedAt };
}
