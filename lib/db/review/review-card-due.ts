/**
 * Studying puts a question on the review schedule even when the candidate rates nothing (ADR 0604): a concept answer
 * or a coding submit creates the (user, question) ReviewCard if it is missing, and can pull its due time forward.
 * Ratings are the only FSRS reviews (lib/use-cases/review/rate-question.ts); this never writes a ReviewLog.
 *
 * Takes the Prisma client it runs on, so the grader worker (its own client) and the web tier share it.
 *
 * @example
 *   await ensureReviewCardDue(db, { userId, questionId, dueBy: new Date(Date.now() + 10 * 60_000) }); // due within 10 min
 *   await ensureReviewCardDue(db, { userId, questionId, dueBy: new Date(), onlyCreate: true });       // a card, due now if new
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";

export async function ensureReviewCardDue(
  db: Pick<PrismaClient, "$executeRaw">,
  { userId, questionId, dueBy, onlyCreate = false }: { userId: string; questionId: string; dueBy: Date; onlyCreate?: boolean },
): Promise<void> {
  // Columns are timestamp(3) holding UTC (Prisma's convention), so times are converted explicitly, whatever the
  // session's TimeZone. One statement: concurrent answers and submits of the same user cannot create two cards (unique userId+questionId).
  if (onlyCreate) {
    await db.$executeRaw`
      INSERT INTO "ReviewCard" (id, "userId", "questionId", due, "updatedAt") VALUES (${randomUUID()}, ${userId}, ${questionId}, (${dueBy.toISOString()}::timestamptz AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'))
      ON CONFLICT ("userId", "questionId") DO NOTHING`;
    return;
  }
  await db.$executeRaw`
    INSERT INTO "ReviewCard" (id, "userId", "questionId", due, "updatedAt") VALUES (${randomUUID()}, ${userId}, ${questionId}, (${dueBy.toISOString()}::timestamptz AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'))
    ON CONFLICT ("userId", "questionId") DO UPDATE SET due = LEAST("ReviewCard".due, EXCLUDED.due), "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE "ReviewCard".due > EXCLUDED.due`;
}

/** An unsolved coding submit brings the card back within this many minutes (a retry soon, like Anki's first step). */
export const UNSOLVED_RETRY_MINUTES = 10;

/**
 * The review side of a final coding verdict (called by the grader worker once the verdict of a Submit is stored):
 * solved → the task is a card (new cards due now, to be rated); not solved → due within UNSOLVED_RETRY_MINUTES.
 */
export async function scheduleReviewAfterSubmit(
  db: Pick<PrismaClient, "$executeRaw">,
  { userId, questionId, verdict, now = new Date() }: { userId: string; questionId: string; verdict: string; now?: Date },
): Promise<void> {
  if (verdict === "AC") await ensureReviewCardDue(db, { userId, questionId, dueBy: now, onlyCreate: true });
  else if (verdict !== "IE") await ensureReviewCardDue(db, { userId, questionId, dueBy: new Date(now.getTime() + UNSOLVED_RETRY_MINUTES * 60_000) });
}
