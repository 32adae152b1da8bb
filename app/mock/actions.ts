"use server";
/**
 * Mock interview actions: start (pick a timed set of concept questions on a topic) and answer one
 * (scored like a normal concept answer and stored as a ConceptAttempt, so it counts in progress).
 */
import { headers } from "next/headers";
import { z } from "zod";
import { getActor } from "@/lib/auth/session";
import { TAG_NAMES } from "@/lib/bank/tags";
import { renderMarkdown } from "@/lib/bank/markdown";
import { pickMockQuestions } from "@/lib/use-cases/mock/pick-mock-questions";
import { getTranslator } from "@/lib/i18n/server";
import { actionError } from "@/lib/web/action-result";
import { answerConceptQuestion, type ConceptAnswerResult } from "@/app/questions/[slug]/actions";

export interface MockStart {
  ok: true;
  startedAt: string;
  deadline: string;
  questions: { slug: string; title: string; bodyHtml: string; difficulty: string; keyPointCount: number }[];
}

const StartInput = z.object({ tag: z.enum(TAG_NAMES), minutes: z.union([z.literal(5), z.literal(10), z.literal(20), z.literal(30)]) });

export async function startMockInterview(tag: string, minutes: number): Promise<MockStart | { ok: false; message: string }> {
  const { locale } = await getTranslator();
  try {
    return await startFor(tag, minutes);
  } catch (error) {
    // The session lookup and the question pick read the database: an outage is an answer the form shows, not a crash.
    return actionError(error, { locale, action: "startMockInterview" });
  }
}

async function startFor(tag: string, minutes: number): Promise<MockStart | { ok: false; message: string }> {
  const { locale, t } = await getTranslator();
  const actor = await getActor(await headers());
  if (!actor) return { ok: false, message: t("mock.signIn") };
  const parsed = StartInput.safeParse({ tag, minutes });
  if (!parsed.success) return { ok: false, message: t("mock.none") };
  // About one question per five minutes, between 1 and 6.
  const count = Math.min(6, Math.max(1, Math.round(parsed.data.minutes / 5)));
  const questions = await pickMockQuestions({ actor, tag: parsed.data.tag, count, locale });
  const now = new Date();
  return {
    ok: true,
    startedAt: now.toISOString(),
    deadline: new Date(now.getTime() + parsed.data.minutes * 60_000).toISOString(),
    questions: questions.map((q) => ({ slug: q.slug, title: q.title, bodyHtml: renderMarkdown(q.body).html, difficulty: q.difficulty, keyPointCount: q.keyPointCount })),
  };
}

export async function answerMockQuestion(slug: string, answer: string): Promise<ConceptAnswerResult> {
  return answerConceptQuestion(slug, answer);
}
