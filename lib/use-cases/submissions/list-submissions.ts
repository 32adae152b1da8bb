import "server-only";
/**
 * A user's submission history, newest first, optionally for one question (cursor pagination by id). Candidates
 * only ever get their own; admins may pass `userId` to look at someone else's (default: their own).
 * Code and per-test results are left out of the list (fetch one with getSubmission).
 *
 * @example
 *   const { items, nextCursor } = await listSubmissions({ actor, questionSlug: "semantic-vector", limit: 20 });
 */
import type { Actor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { postgresRejects } from "@/lib/db/postgres-text";

export interface SubmissionListItem {
  id: string;
  questionSlug: string;
  language: string;
  mode: "run" | "submit";
  status: "queued" | "running" | "done" | "failed";
  verdict: string | null;
  score: number | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export async function listSubmissions({
  actor,
  questionSlug,
  userId,
  mode,
  limit = 20,
  cursor,
}: {
  actor: Actor;
  questionSlug?: string;
  userId?: string;
  mode?: "run" | "submit";
  limit?: number;
  cursor?: string;
}): Promise<{ items: SubmissionListItem[]; nextCursor: string | null }> {
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in first.");
  if (userId && userId !== actor.id && actor.role !== "admin") {
    throw new AppError("FORBIDDEN", "You can only list your own submissions.");
  }
  // No slug or id holds a NUL (and PostgreSQL would reject the query): nothing matches.
  if (postgresRejects(questionSlug) || postgresRejects(cursor)) return { items: [], nextCursor: null };
  const take = Math.min(Math.max(Math.trunc(limit) || 20, 1), 100);
  const where: Prisma.SubmissionWhereInput = {
    userId: userId ?? actor.id,
    ...(questionSlug ? { question: { slug: questionSlug } } : {}),
    ...(mode ? { mode } : {}),
  };
  const rows = await prisma.submission.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      language: true,
      mode: true,
      status: true,
      verdict: true,
      score: true,
      createdAt: true,
      finishedAt: true,
      question: { select: { slug: true } },
    },
  });
  const page = rows.slice(0, take);
  return {
    items: page.map(({ question, ...rest }) => ({ ...rest, questionSlug: question.slug })),
    nextCursor: rows.length > take ? page[page.length - 1]!.id : null,
  };
}
