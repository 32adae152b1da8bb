import "server-only";
import { prisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";

/**
 * How many of the actor's cards are due now, for the header badge (the same rule as /review's queue, so rating a
 * card lowers both). One indexed count on (userId, due); guests have none.
 *
 * @example
 * await countDueReviews({ actor }) // → 3
 */
export async function countDueReviews({ actor, now = new Date() }: { actor: Actor; now?: Date }): Promise<number> {
  if (!actor) return 0;
  return prisma.reviewCard.count({ where: { userId: actor.id, due: { lte: now }, question: { status: "published", deletedAt: null } } });
}
