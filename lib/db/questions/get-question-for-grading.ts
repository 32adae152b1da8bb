import "server-only";
/**
 * INTERNAL, for the grader only (no actor: never call it with user-controlled access decisions). Returns the
 * complete coding spec in the bank format, including reference solutions and hidden tests, of a question that is
 * not deleted. Drafts are included because admins validate drafts by grading their reference solution.
 *
 * @example
 *   const q = await getQuestionForGrading({ questionId: submission.questionId });
 *   q.coding.tests.length;
 */
import type { CodingSpec } from "@/lib/bank/schema";
import { prisma } from "../client";
import { AppError } from "@/lib/errors";
import { questionWithEverything, rowToQuestion } from "./question-record";

export interface GradableQuestion {
  id: string;
  slug: string;
  version: number;
  status: "draft" | "published";
  coding: CodingSpec;
}

export async function getQuestionForGrading(
  key: { questionId: string; slug?: never } | { slug: string; questionId?: never },
): Promise<GradableQuestion> {
  const row = await prisma.question.findFirst({
    where: { ...(key.questionId ? { id: key.questionId } : { slug: key.slug }), deletedAt: null },
    include: questionWithEverything,
  });
  if (!row) throw new AppError("NOT_FOUND", "No such question.");
  const question = rowToQuestion(row);
  if (!question.coding) throw new AppError("INVALID_INPUT", `"${row.slug}" is not a coding question.`);
  return { id: row.id, slug: row.slug, version: row.version, status: row.status, coding: question.coding };
}
