import "server-only";
import { prisma } from "@/lib/db/client";
import type { SignedInActor as Actor } from "@/lib/auth/actor";

export interface ConceptAttemptInput {
  questionId: string;
  locale: "zh" | "en";
  answer: string;
  score: number;
  keyPoints: { text: string; covered: boolean; semantic: number; lexical: number; contradicted?: boolean }[];
}

/**
 * Stores one concept answer of the signed-in user (the owner is always the actor, never an input).
 *
 * @example
 * const { id } = await recordConceptAttempt({ actor, input: { questionId, locale: "zh", answer, score: 0.6, keyPoints } });
 */
export async function recordConceptAttempt({ actor, input }: { actor: Actor; input: ConceptAttemptInput }): Promise<{ id: string; createdAt: Date }> {
  const row = await prisma.conceptAttempt.create({
    data: {
      userId: actor.id,
      questionId: input.questionId,
      locale: input.locale,
      answer: input.answer,
      score: input.score,
      coveredKeyPoints: input.keyPoints.map((k, index) => ({ index, ...k })),
    },
    select: { id: true, createdAt: true },
  });
  return row;
}
