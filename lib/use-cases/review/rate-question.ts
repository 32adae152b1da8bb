import "server-only";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { postgresRejects } from "@/lib/db/postgres-text";
import type { SignedInActor as Actor } from "@/lib/auth/actor";
import { scheduleReview, type CardFields, type ReviewRating } from "./fsrs-schedule";

/**
 * Records the actor's recall rating for a question and reschedules their card (FSRS). Creates the
 * card on first rating. Card and log are written in one transaction; the card is looked up by
 * (actor, question) so nobody can rate someone else's card.
 *
 * @example
 * const card = await rateQuestion({ actor, questionSlug: "llm-inference-key-steps", rating: "good" }); // card.due → Date ~10 minutes later
 */
export async function rateQuestion({ actor, questionSlug, rating, now = new Date() }: { actor: Actor; questionSlug: string; rating: ReviewRating; now?: Date }): Promise<CardFields> {
  if (postgresRejects(questionSlug)) throw new AppError("NOT_FOUND", "question not found");
  return prisma.$transaction(async (tx) => {
    const question = await tx.question.findFirst({ where: { slug: questionSlug, status: "published", deletedAt: null }, select: { id: true } });
    if (!question) throw new AppError("NOT_FOUND", "question not found");
    return applyRating(tx, { userId: actor.id, questionId: question.id, rating, now });
  });
}

/**
 * One FSRS review of the (user, question) card inside the caller's transaction (rateQuestion, and the concept
 * self-assessment, which stores its verdict in the same transaction).
 */
export async function applyRating(tx: Prisma.TransactionClient, { userId, questionId, rating, now }: { userId: string; questionId: string; rating: ReviewRating; now: Date }): Promise<CardFields> {
  const existing = await tx.reviewCard.findUnique({ where: { userId_questionId: { userId, questionId } } });
  // A card that only studying created (no review yet) is new to FSRS, whatever due time the study event gave it.
  const { card, log } = scheduleReview(existing && existing.reps > 0 ? existing : null, rating, now);
  const saved = await tx.reviewCard.upsert({
    where: { userId_questionId: { userId, questionId } },
    create: { userId, questionId, ...card },
    update: card,
  });
  await tx.reviewLog.create({ data: { cardId: saved.id, ...log } });
  return card;
}
