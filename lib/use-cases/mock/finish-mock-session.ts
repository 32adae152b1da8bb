import "server-only";
/**
 * Ends a mock interview (the candidate's Finish, or any read after the deadline) and scores its concept answers as
 * ordinary concept answers (ConceptAttempts, so they count in progress and reach the review schedule). Idempotent:
 * finishing a finished interview changes nothing; an answer already scored is not scored again. Owner-only.
 *
 * @example
 *   await finishMockSession({ actor, id }); // then getMockSession(...).report
 */
import type { SignedInActor } from "@/lib/auth/actor";
import { findMockSessionRow, finishMockSessionRow, linkMockAttemptRow } from "@/lib/db/mock/mock-sessions";
import { AppError } from "@/lib/errors";
import { answerConceptQuestion } from "@/lib/use-cases/concept/answer-concept-question";

export async function finishMockSession({ actor, id, now = new Date() }: { actor: SignedInActor; id: string; now?: Date }): Promise<void> {
  const row = await findMockSessionRow({ id, userId: actor.id });
  if (!row) throw new AppError("NOT_FOUND", "no such interview");
  // Finish first: from here no answer can be saved, so what is scored is final.
  await finishMockSessionRow({ id, userId: actor.id, now });
  const fresh = (await findMockSessionRow({ id, userId: actor.id }))!;
  for (const item of fresh.items) {
    const answer = fresh.answers[item.slug];
    if (item.kind !== "concept" || answer?.kind !== "concept" || answer.attemptId || answer.text.trim().length < 4) continue;
    try {
      const scored = await answerConceptQuestion({ actor, slug: item.slug, answer: answer.text, locale: fresh.locale });
      await linkMockAttemptRow({ id, userId: actor.id, slug: item.slug, attemptId: scored.attemptId });
    } catch (error) {
      // A question unpublished since the start cannot be scored; the report shows the answer without a score.
      if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
    }
  }
}
