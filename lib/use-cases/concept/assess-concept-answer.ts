import "server-only";
/**
 * The candidate's self-assessment of one concept answer (ADR 0604): after the reference is revealed they mark each
 * key point covered / partly / missed; that — not the automatic score — gives the recall rating, which reschedules the
 * question's review card. The attempt is looked up with the owner in the where clause, and can be assessed once.
 *
 * @example
 *   const r = await assessConceptAnswer({ actor, attemptId, marks: ["covered", "partly", "missed", "covered", "covered"] });
 *   r.rating // → "hard";  r.due → Date
 */
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import type { SignedInActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { RATING_NUMBER, ratingFromSelfAssessment, SELF_ASSESSMENT, type ReviewRating, type SelfAssessmentMark } from "@/lib/use-cases/review/fsrs-schedule";
import { applyRating } from "@/lib/use-cases/review/rate-question";

const Input = z.object({ attemptId: z.string().min(1).max(64), marks: z.array(z.enum(SELF_ASSESSMENT)).min(1).max(20) });

export interface ConceptAssessment {
  rating: ReviewRating;
  due: Date;
  state: string;
}

export async function assessConceptAnswer({ actor, attemptId, marks, now = new Date() }: { actor: SignedInActor; attemptId: string; marks: SelfAssessmentMark[]; now?: Date }): Promise<ConceptAssessment> {
  const parsed = Input.safeParse({ attemptId, marks });
  if (!parsed.success) throw new AppError("INVALID_INPUT", "mark every key point covered, partly or missed", { marks: parsed.error.issues.map((i) => i.message) });
  return prisma.$transaction(async (tx) => {
    const attempt = await tx.conceptAttempt.findFirst({ where: { id: parsed.data.attemptId, userId: actor.id }, select: { id: true, questionId: true, coveredKeyPoints: true, rating: true } });
    if (!attempt) throw new AppError("NOT_FOUND", "no such answer");
    if (attempt.rating !== null) throw new AppError("CONFLICT", "this answer is already assessed");
    const points = Array.isArray(attempt.coveredKeyPoints) ? attempt.coveredKeyPoints.length : 0;
    if (parsed.data.marks.length !== points) throw new AppError("INVALID_INPUT", `mark all ${points} key points`, { marks: [`expected ${points} marks`] });
    const rating = ratingFromSelfAssessment(parsed.data.marks);
    // Conditional on "not yet rated", so two concurrent assessments cannot both reschedule the card.
    const claimed = await tx.conceptAttempt.updateMany({ where: { id: attempt.id, userId: actor.id, rating: null }, data: { selfAssessment: parsed.data.marks, rating: RATING_NUMBER[rating] } });
    if (claimed.count !== 1) throw new AppError("CONFLICT", "this answer is already assessed");
    const card = await applyRating(tx, { userId: actor.id, questionId: attempt.questionId, rating, now });
    return { rating, due: card.due, state: card.state };
  });
}
