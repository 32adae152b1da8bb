import "server-only";
/**
 * Answering a concept question: the answer is scored against the question's key points (lib/grader/concept) with
 * the engine's Word2Vec model, stored as the actor's ConceptAttempt, and the key (answer + explanation, markdown)
 * is revealed. Signed-in users only.
 *
 * @example
 *   const result = await answerConceptQuestion({ actor, slug: "llm-inference-key-steps", answer: "tokenize, forward, …", locale: "en" });
 *   result.score // → 0.6
 */
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { getEngine } from "@/lib/engine";
import { AppError } from "@/lib/errors";
import { answerVerdict, MAX_ANSWER_CHARS, scoreAnswer, type AnswerVerdict, type KeyPointResult } from "@/lib/grader/concept/score-answer";

import { prisma } from "@/lib/db/client";
import { ensureReviewCardDue } from "@/lib/db/review/review-card-due";
import { previewForCard, type RecallPreview } from "@/lib/use-cases/review/preview-recall";
import { getConceptKey } from "./get-concept-key";
import { recordConceptAttempt } from "./record-concept-attempt";
import { enforceRateLimit } from "@/lib/use-cases/limits/enforce-rate-limit";

export type { AnswerVerdict, KeyPointResult };



export interface ConceptAnswer {
  /** The stored attempt, which the candidate's self-assessment refers to. */
  attemptId: string;
  /** The automatic check's one-word hint (ADR 0603); the self-assessment decides the rating. */
  verdict: AnswerVerdict;
  /** What each rating would schedule (the self-assessment's result is shown with its interval). */
  preview: RecallPreview;
  score: number;
  keyPoints: KeyPointResult[];
  /** Markdown of the reference answer and explanation, in `contentLocale`. */
  answer: string;
  explanation: string;
  /** Interviewer follow-up questions (markdown), shown only now that the candidate has answered. */
  probes: string[];
  contentLocale: "zh" | "en";
}

const AnswerInput = z.object({ slug: z.string().min(1).max(80), answer: z.string().trim().min(4).max(MAX_ANSWER_CHARS) });

export async function answerConceptQuestion({ actor, slug, answer, locale }: { actor: Actor; slug: string; answer: string; locale: "zh" | "en" }): Promise<ConceptAnswer> {
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in to answer.");
  const parsed = AnswerInput.safeParse({ slug, answer });
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Write at least a sentence.", { answer: parsed.error.issues.map((i) => i.message) });
  // Scored on the shared engine and stored: counted per user before either (issue 16.3).
  await enforceRateLimit("concept-answer", { userId: actor.id });
  const key = await getConceptKey({ slug: parsed.data.slug, locale });
  const engine = await getEngine();
  const result = await scoreAnswer({ answer: parsed.data.answer, keyPoints: key.keyPoints, locale: key.locale, engine });
  const now = new Date();
  const attempt = await recordConceptAttempt({ actor, input: { questionId: key.questionId, locale, answer: parsed.data.answer, score: result.score, keyPoints: result.keyPoints } });
  // Every answer puts the question on the review schedule, due now until the candidate rates it (ADR 0604).
  await ensureReviewCardDue(prisma, { userId: actor.id, questionId: key.questionId, dueBy: now });
  const card = await prisma.reviewCard.findUnique({ where: { userId_questionId: { userId: actor.id, questionId: key.questionId } } });
  return {
    attemptId: attempt.id,
    verdict: answerVerdict(result),
    preview: previewForCard(card, now),
    score: result.score,
    keyPoints: result.keyPoints,
    answer: key.answer,
    explanation: key.explanation,
    probes: key.probes,
    contentLocale: key.locale,
  };
}
