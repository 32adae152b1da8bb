import "server-only";
import { prisma } from "@/lib/db/client";
import type { SignedInActor as Actor } from "@/lib/auth/actor";
import { reviewStreak } from "./fsrs-schedule";

export interface ReviewItem {
  questionId: string;
  slug: string;
  kind: "concept" | "coding";
  difficulty: "easy" | "medium" | "hard";
  title: string;
  due: Date;
  state: "new" | "learning" | "review" | "relearning";
  reps: number;
  lapses: number;
}

export interface ReviewQueue {
  due: ReviewItem[];
  upcoming: ReviewItem[];
  streak: number;
  reviewedToday: number;
}

/**
 * The actor's review queue: cards due now (oldest first), the next upcoming ones, and the daily streak.
 * Uses the (userId, due) index; titles in the requested locale with fallback to any other.
 *
 * @example
 * const { due, streak } = await listReviewQueue({ actor, locale: "zh" });
 */
export async function listReviewQueue({ actor, locale, now = new Date(), limit = 50 }: { actor: Actor; locale: "zh" | "en"; now?: Date; limit?: number }): Promise<ReviewQueue> {
  const select = {
    questionId: true,
    due: true,
    state: true,
    reps: true,
    lapses: true,
    question: { select: { slug: true, kind: true, difficulty: true, contents: { select: { locale: true, title: true } } } },
  } as const;
  const live = { status: "published", deletedAt: null } as const;
  const [dueRows, upcomingRows, logs] = await Promise.all([
    prisma.reviewCard.findMany({ where: { userId: actor.id, due: { lte: now }, question: live }, orderBy: { due: "asc" }, take: limit, select }),
    prisma.reviewCard.findMany({ where: { userId: actor.id, due: { gt: now }, question: live }, orderBy: { due: "asc" }, take: 10, select }),
    // A year of review days is enough for any streak we display.
    prisma.reviewLog.findMany({ where: { card: { userId: actor.id }, review: { gte: new Date(now.getTime() - 366 * 86_400_000) } }, select: { review: true } }),
  ]);
  const toItem = (r: (typeof dueRows)[number]): ReviewItem => ({
    questionId: r.questionId,
    slug: r.question.slug,
    kind: r.question.kind,
    difficulty: r.question.difficulty,
    title: (r.question.contents.find((c) => c.locale === locale) ?? r.question.contents[0])?.title ?? r.question.slug,
    due: r.due,
    state: r.state,
    reps: r.reps,
    lapses: r.lapses,
  });
  const today = Math.floor(now.getTime() / 86_400_000);
  return {
    due: dueRows.map(toItem),
    upcoming: upcomingRows.map(toItem),
    streak: reviewStreak(logs.map((l) => l.review), now),
    reviewedToday: logs.filter((l) => Math.floor(l.review.getTime() / 86_400_000) === today).length,
  };
}
