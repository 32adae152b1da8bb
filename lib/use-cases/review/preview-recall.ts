import "server-only";
import { prisma } from "@/lib/db/client";
import { postgresRejects } from "@/lib/db/postgres-text";
import type { SignedInActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { previewReview, REVIEW_RATINGS, type ReviewRating } from "./fsrs-schedule";

export interface RecallPreview {
  /** When each rating would bring the question back (ISO), for the buttons' "10m / 1d / 4d". */
  next: Record<ReviewRating, string>;
  now: string;
}

/**
 * What each recall rating would do to the actor's card for a question, without changing anything.
 *
 * @example
 * const { next } = await previewRecall({ actor, questionSlug: "kv-cache-basics" }); // next.good → ISO 10 minutes from now (new card)
 */
export async function previewRecall({ actor, questionSlug, now = new Date() }: { actor: SignedInActor; questionSlug: string; now?: Date }): Promise<RecallPreview> {
  if (postgresRejects(questionSlug)) throw new AppError("NOT_FOUND", "question not found");
  const card = await prisma.reviewCard.findFirst({ where: { userId: actor.id, question: { slug: questionSlug } } });
  return previewForCard(card, now);
}

export function previewForCard(card: Parameters<typeof previewReview>[0] & { reps: number } | null, now: Date): RecallPreview {
  const due = previewReview(card && card.reps > 0 ? card : null, now);
  return { next: Object.fromEntries(REVIEW_RATINGS.map((r) => [r, due[r].toISOString()])) as Record<ReviewRating, string>, now: now.toISOString() };
}
