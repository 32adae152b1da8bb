"use server";
/**
 * Server actions of the question page: answering a concept question (scored against its key points,
 * stored as a ConceptAttempt) and rating recall (FSRS card + log). Both need a signed-in user.
 */
import { z } from "zod";
import { headers } from "next/headers";
import { getActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getConceptKey } from "@/lib/use-cases/concept/get-concept-key";
import { recordConceptAttempt } from "@/lib/use-cases/concept/record-concept-attempt";
import { rateQuestion } from "@/lib/use-cases/review/rate-question";
import { REVIEW_RATINGS } from "@/lib/use-cases/review/fsrs-schedule";
import { getEngine } from "@/lib/engine";
import { MAX_ANSWER_CHARS, scoreAnswer, type KeyPointResult } from "@/lib/grader/concept/score-answer";
import { renderMarkdown } from "@/lib/bank/markdown";
import { getTranslator } from "@/lib/i18n/server";
import { databaseUnavailableAnswer } from "@/lib/db/availability";

export type ConceptAnswerResult =
  | { ok: true; score: number; keyPoints: KeyPointResult[]; answerHtml: string; explanationHtml: string; contentLocale: "zh" | "en" }
  | { ok: false; error: "UNAUTHORIZED" | "INVALID_INPUT" | "NOT_FOUND" | "UNAVAILABLE" | "INTERNAL"; message: string };

const AnswerInput = z.object({ slug: z.string().min(1).max(80), answer: z.string().trim().min(4).max(MAX_ANSWER_CHARS) });

export async function answerConceptQuestion(slug: string, answer: string): Promise<ConceptAnswerResult> {
  const { locale, t } = await getTranslator();
  // The session lookup reads the database too, so it sits inside the try: an outage is an answer, not a crash.
  try {
    const actor = await getActor(await headers());
    if (!actor) return { ok: false, error: "UNAUTHORIZED", message: t("concept.signIn") };
    const parsed = AnswerInput.safeParse({ slug, answer });
    if (!parsed.success) return { ok: false, error: "INVALID_INPUT", message: t("concept.tooShort") };
    const key = await getConceptKey({ slug: parsed.data.slug, locale });
    const engine = await getEngine();
    const result = await scoreAnswer({ answer: parsed.data.answer, keyPoints: key.keyPoints, locale: key.locale, engine });
    await recordConceptAttempt({ actor, input: { questionId: key.questionId, locale, answer: parsed.data.answer, score: result.score, keyPoints: result.keyPoints } });
    return {
      ok: true,
      score: result.score,
      keyPoints: result.keyPoints,
      answerHtml: renderMarkdown(key.answer).html,
      explanationHtml: renderMarkdown(key.explanation).html,
      contentLocale: key.locale,
    };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return { ok: false, error: "NOT_FOUND", message: t("question.notFound") };
    const unavailable = databaseUnavailableAnswer(error, locale);
    if (unavailable) return unavailable;
    console.error("[clockwise] answerConceptQuestion failed", error);
    return { ok: false, error: "INTERNAL", message: t("error.title") };
  }
}

export type RateResult =
  | { ok: true; due: string; state: string; scheduledDays: number }
  | { ok: false; error: "UNAUTHORIZED" | "INVALID_INPUT" | "NOT_FOUND" | "UNAVAILABLE" | "INTERNAL"; message: string };

const RateInput = z.object({ slug: z.string().min(1).max(80), rating: z.enum(REVIEW_RATINGS) });

export async function rateRecall(slug: string, rating: string): Promise<RateResult> {
  const { locale, t } = await getTranslator();
  try {
    const actor = await getActor(await headers());
    if (!actor) return { ok: false, error: "UNAUTHORIZED", message: t("concept.signIn") };
    const parsed = RateInput.safeParse({ slug, rating });
    if (!parsed.success) return { ok: false, error: "INVALID_INPUT", message: "rating must be again, hard, good or easy" };
    const card = await rateQuestion({ actor, questionSlug: parsed.data.slug, rating: parsed.data.rating });
    return { ok: true, due: card.due.toISOString(), state: card.state, scheduledDays: card.scheduledDays };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return { ok: false, error: "NOT_FOUND", message: t("question.notFound") };
    const unavailable = databaseUnavailableAnswer(error, locale);
    if (unavailable) return unavailable;
    console.error("[clockwise] rateRecall failed", error);
    return { ok: false, error: "INTERNAL", message: t("error.title") };
  }
}
