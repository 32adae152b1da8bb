import "server-only";
import { prisma } from "@/lib/db/client";
import type { SignedInActor } from "@/lib/auth/actor";

export interface RecentSubmission {
  id: string;
  questionSlug: string;
  questionTitle: string;
  language: "python" | "javascript" | "typescript";
  mode: "run" | "submit";
  status: "queued" | "running" | "done" | "failed";
  verdict: "AC" | "WA" | "TLE" | "MLE" | "OLE" | "RE" | "CE" | "IE" | null;
  score: number | null;
  createdAt: Date;
}

/**
 * The actor's latest submissions (all questions, or one when `questionSlug` is given), newest first,
 * via the (userId, createdAt) index. Only the actor's own rows are ever read.
 *
 * @example
 * await listRecentSubmissions({ actor, locale: "en", questionSlug: "semantic-vector", limit: 20 })
 */
export async function listRecentSubmissions({ actor, locale, questionSlug, limit = 20 }: { actor: SignedInActor; locale: "zh" | "en"; questionSlug?: string; limit?: number }): Promise<RecentSubmission[]> {
  const rows = await prisma.submission.findMany({
    where: { userId: actor.id, ...(questionSlug ? { question: { slug: questionSlug } } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 100),
    select: {
      id: true, language: true, mode: true, status: true, verdict: true, score: true, createdAt: true,
      question: { select: { slug: true, contents: { select: { locale: true, title: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    questionSlug: r.question.slug,
    questionTitle: (r.question.contents.find((c) => c.locale === locale) ?? r.question.contents[0])?.title ?? r.question.slug,
    language: r.language,
    mode: r.mode,
    status: r.status,
    verdict: r.verdict,
    score: r.score,
    createdAt: r.createdAt,
  }));
}
