import "server-only";
/**
 * One card of the review session (/review): the question's prompt first; what is revealed after "Show answer" (the
 * reference answer and key points of a concept question, or the candidate's latest Submit of a coding task); and what
 * each rating would schedule. Only the actor's own card, attempts and submissions are read (owner in every where).
 *
 * @example
 *   const card = await getReviewCard({ actor, slug: "kv-cache-basics", locale: "en" });
 *   card.prompt.body // markdown of the question;  card.reveal.keyPoints → ["The KV cache stores …", …]
 */
import { prisma } from "@/lib/db/client";
import { pickContent } from "@/lib/db/questions/question-record";
import { postgresRejects } from "@/lib/db/postgres-text";
import type { SignedInActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { previewForCard, type RecallPreview } from "./preview-recall";

export interface ReviewCardView {
  slug: string;
  kind: "concept" | "coding";
  contentLocale: "zh" | "en";
  prompt: { title: string; body: string };
  reveal: {
    answer: string;
    explanation: string;
    keyPoints: string[];
    lastAnswer: { text: string; score: number; rated: boolean; at: Date } | null;
    lastSubmit: { id: string; verdict: string | null; at: Date } | null;
  };
  card: { due: Date; state: string; reps: number; lapses: number } | null;
  preview: RecallPreview;
}

export async function getReviewCard({ actor, slug, locale, now = new Date() }: { actor: SignedInActor; slug: string; locale: "zh" | "en"; now?: Date }): Promise<ReviewCardView> {
  if (postgresRejects(slug)) throw new AppError("NOT_FOUND", "question not found");
  const question = await prisma.question.findFirst({
    where: { slug, status: "published", deletedAt: null },
    select: { id: true, slug: true, kind: true, contents: { select: { locale: true, title: true, body: true, answer: true, explanation: true, keyPoints: true } } },
  });
  if (!question) throw new AppError("NOT_FOUND", "question not found");
  const content = pickContent(question.contents, locale);
  const [card, attempt, submission] = await Promise.all([
    prisma.reviewCard.findUnique({ where: { userId_questionId: { userId: actor.id, questionId: question.id } } }),
    question.kind === "concept"
      ? prisma.conceptAttempt.findFirst({ where: { userId: actor.id, questionId: question.id }, orderBy: { createdAt: "desc" }, select: { answer: true, score: true, rating: true, createdAt: true } })
      : null,
    question.kind === "coding"
      ? prisma.submission.findFirst({ where: { userId: actor.id, questionId: question.id, mode: "submit" }, orderBy: { createdAt: "desc" }, select: { id: true, verdict: true, createdAt: true } })
      : null,
  ]);
  return {
    slug: question.slug,
    kind: question.kind,
    contentLocale: (content?.locale ?? locale) as "zh" | "en",
    prompt: { title: content?.title ?? question.slug, body: content?.body ?? "" },
    reveal: {
      answer: content?.answer ?? "",
      explanation: content?.explanation ?? "",
      keyPoints: content?.keyPoints ?? [],
      lastAnswer: attempt ? { text: attempt.answer, score: attempt.score, rated: attempt.rating !== null, at: attempt.createdAt } : null,
      lastSubmit: submission ? { id: submission.id, verdict: submission.verdict, at: submission.createdAt } : null,
    },
    card: card ? { due: card.due, state: card.state, reps: card.reps, lapses: card.lapses } : null,
    preview: previewForCard(card, now),
  };
}
