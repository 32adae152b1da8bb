"use server";
/**
 * Server actions of the question page: answering a concept question (scored against its key points, stored as a
 * ConceptAttempt, the question put on the review schedule), the candidate's self-assessment of that answer (which
 * gives the recall rating), previewing what each rating would schedule, and rating recall (FSRS card + log). All need
 * a signed-in user.
 */
import { z } from "zod";
import { headers } from "next/headers";
import { getActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { answerConceptQuestion as answerConcept, type AnswerVerdict, type KeyPointResult } from "@/lib/use-cases/concept/answer-concept-question";
import { assessConceptAnswer as assessConcept } from "@/lib/use-cases/concept/assess-concept-answer";
import { rateQuestion } from "@/lib/use-cases/review/rate-question";
import { previewRecall, type RecallPreview } from "@/lib/use-cases/review/preview-recall";
import { REVIEW_RATINGS, SELF_ASSESSMENT, type ReviewRating } from "@/lib/use-cases/review/fsrs-schedule";
import { renderMarkdown } from "@/lib/bank/markdown";
import { getTranslator } from "@/lib/i18n/server";
import { actionError, type ActionFailure } from "@/lib/web/action-result";

export type ConceptAnswerResult =
  | {
      ok: true;
      attemptId: string;
      verdict: AnswerVerdict;
      preview: RecallPreview;
      score: number;
      keyPoints: KeyPointResult[];
      answerHtml: string;
      explanationHtml: string;
      probesHtml: string[];
      contentLocale: "zh" | "en";
    }
  | ActionFailure;

export async function answerConceptQuestion(slug: string, answer: string): Promise<ConceptAnswerResult> {
  const { locale, t } = await getTranslator();
  // The session lookup reads the database too, so it sits inside the try: an outage is an answer, not a crash.
  try {
    const actor = await getActor(await headers());
    const result = await answerConcept({ actor, slug, answer, locale });
    return {
      ok: true,
      attemptId: result.attemptId,
      verdict: result.verdict,
      preview: result.preview,
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

export type RateResult = { ok: true; due: string; state: string; scheduledDays: number; rating: ReviewRating } | ActionFailure;

const AssessInput = z.object({ attemptId: z.string().min(1).max(64), marks: z.array(z.enum(SELF_ASSESSMENT)).min(1).max(20) });

/** The self-assessment of a concept answer: per key point covered / partly / missed → the rating, stored and scheduled. */
export async function assessConceptAnswer(attemptId: string, marks: string[]): Promise<RateResult> {
  const { locale, t } = await getTranslator();
  try {
    const actor = await getActor(await headers());
    if (!actor) throw new AppError("UNAUTHORIZED", t("concept.signIn"));
    const parsed = AssessInput.safeParse({ attemptId, marks });
    if (!parsed.success) throw new AppError("INVALID_INPUT", t("concept.assessIncomplete"));
    const result = await assessConcept({ actor, attemptId: parsed.data.attemptId, marks: parsed.data.marks });
    return { ok: true, due: result.due.toISOString(), state: result.state, scheduledDays: 0, rating: result.rating };
  } catch (error) {
    return actionError(error, { locale, action: "assessConceptAnswer", messages: { NOT_FOUND: t("question.notFound"), INVALID_INPUT: t("concept.assessIncomplete") } });
  }
}

export type PreviewResult = ({ ok: true } & RecallPreview) | ActionFailure;

/** What each rating would schedule for the signed-in user's card of this question. */
export async function previewRecallAction(slug: string): Promise<PreviewResult> {
  const { locale, t } = await getTranslator();
  try {
    const actor = await getActor(await headers());
    if (!actor) throw new AppError("UNAUTHORIZED", t("concept.signIn"));
    if (typeof slug !== "string" || slug.length === 0 || slug.length > 80) throw new AppError("NOT_FOUND", t("question.notFound"));
    return { ok: true, ...(await previewRecall({ actor, questionSlug: slug })) };
  } catch (error) {
    return actionError(error, { locale, action: "previewRecall", messages: { NOT_FOUND: t("question.notFound") } });
  }
}

const RateInput = z.object({ slug: z.string().min(1).max(80), rating: z.enum(REVIEW_RATINGS) });

export async function rateRecall(slug: string, rating: string): Promise<RateResult> {
  const { locale, t } = await getTranslator();
  try {
    const actor = await getActor(await headers());
    if (!actor) throw new AppError("UNAUTHORIZED", t("concept.signIn"));
    const parsed = RateInput.safeParse({ slug, rating });
    if (!parsed.success) throw new AppError("INVALID_INPUT", "rating must be again, hard, good or easy");
    const card = await rateQuestion({ actor, questionSlug: parsed.data.slug, rating: parsed.data.rating });
    return { ok: true, due: card.due.toISOString(), state: card.state, scheduledDays: card.scheduledDays, rating: parsed.data.rating };
  } catch (error) {
    return actionError(error, { locale, action: "rateRecall", messages: { NOT_FOUND: t("question.notFound") } });
  }
}
