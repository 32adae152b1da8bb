"use server";
/**
 * Server actions of the question page: answering a concept question (scored against its key points,
 * stored as a ConceptAttempt) and rating recall (FSRS card + log). Both need a signed-in user.
 */
import { z } from "zod";
import { headers } from "next/headers";
import { getActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { answerConceptQuestion as answerConcept, type KeyPointResult } from "@/lib/use-cases/concept/answer-concept-question";
import { rateQuestion } from "@/lib/use-cases/review/rate-question";
import { REVIEW_RATINGS } from "@/lib/use-cases/review/fsrs-schedule";
import { renderMarkdown } from "@/lib/bank/markdown";
import { getTranslator } from "@/lib/i18n/server";
import { actionError, type ActionFailure } from "@/lib/web/action-result";

export type ConceptAnswerResult =
  | { ok: true; score: number; keyPoints: KeyPointResult[]; answerHtml: string; explanationHtml: string; probesHtml: string[]; contentLocale: "zh" | "en" }
  | ActionFailure;

export async function answerConceptQuestion(slug: string, answer: string): Promise<ConceptAnswerResult> {
  const { locale, t } = await getTranslator();
  // The session lookup reads the database too, so it sits inside the try: an outage is an answer, not a crash.
  try {
    const actor = await getActor(await headers());
    const result = await answerConcept({ actor, slug, answer, locale });
    return {
      ok: true,
      score: result.score,
      keyPoints: result.keyPoints,
      answerHtml: renderMarkdown(result.answer).html,
      explanationHtml: renderMarkdown(result.explanation).html,
      probesHtml: result.probes.map((probe) => renderMarkdown(probe).html),
      contentLocale: result.contentLocale,
    };
  } catch (error) {
    return actionError(error, { locale, action: "answerConceptQuestion", messages: { UNAUTHORIZED: t("concept.signIn"), INVALID_INPUT: t("concept.tooShort"), NOT_FOUND: t("question.notFound") } });
  }
}

export type RateResult = { ok: true; due: string; state: string; scheduledDays: number } | ActionFailure;

const RateInput = z.object({ slug: z.string().min(1).max(80), rating: z.enum(REVIEW_RATINGS) });

export async function rateRecall(slug: string, rating: string): Promise<RateResult> {
  const { locale, t } = await getTranslator();
  try {
    const actor = await getActor(await headers());
    if (!actor) throw new AppError("UNAUTHORIZED", t("concept.signIn"));
    const parsed = RateInput.safeParse({ slug, rating });
    if (!parsed.success) throw new AppError("INVALID_INPUT", "rating must be again, hard, good or easy");
    const card = await rateQuestion({ actor, questionSlug: parsed.data.slug, rating: parsed.data.rating });
    return { ok: true, due: card.due.toISOString(), state: card.state, scheduledDays: card.scheduledDays };
  } catch (error) {
    return actionError(error, { locale, action: "rateRecall", messages: { NOT_FOUND: t("question.notFound") } });
  }
}
