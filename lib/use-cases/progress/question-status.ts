import "server-only";
import { prisma } from "@/lib/db/client";
import type { SignedInActor } from "@/lib/auth/actor";
import { CONCEPT_SOLVED_SCORE } from "./get-progress";

export const QUESTION_USER_STATUSES = ["new", "attempted", "solved", "due"] as const;
export type QuestionUserStatus = (typeof QUESTION_USER_STATUSES)[number];

/**
 * The actor's status for every question they have touched: "due" (a review card is due now) wins over
 * "solved" (accepted Submit or concept score ≥ CONCEPT_SOLVED_SCORE), which wins over "attempted".
 * Questions not listed are "new". Cost grows with the actor's history, not the bank size.
 *
 * @example
 * const statuses = await getQuestionStatuses({ actor }); // Map { "cl…id" => "solved", … }
 */
export interface TouchedQuestion {
  questionId: string;
  slug: string;
  status: Exclude<QuestionUserStatus, "new">;
}

export async function getQuestionStatuses({ actor, now = new Date() }: { actor: SignedInActor; now?: Date }): Promise<TouchedQuestion[]> {
  const rows = await prisma.$queryRawUnsafe<{ questionId: string; slug: string; solved: boolean; due: boolean }[]>(
    `WITH touched AS (
       SELECT "questionId", bool_or(mode = 'submit' AND verdict = 'AC') AS solved FROM "Submission" WHERE "userId" = $1 GROUP BY "questionId"
       UNION ALL
       SELECT "questionId", bool_or(score >= ${CONCEPT_SOLVED_SCORE}) FROM "ConceptAttempt" WHERE "userId" = $1 GROUP BY "questionId"
       UNION ALL
       SELECT "questionId", false FROM "ReviewCard" WHERE "userId" = $1
     )
     SELECT t."questionId", q.slug, bool_or(t.solved) AS solved,
            EXISTS (SELECT 1 FROM "ReviewCard" c WHERE c."userId" = $1 AND c."questionId" = t."questionId" AND c.due <= $2) AS due
       FROM touched t JOIN "Question" q ON q.id = t."questionId" GROUP BY t."questionId", q.slug`,
    actor.id,
    now,
  );
  return rows.map((r) => ({ questionId: r.questionId, slug: r.slug, status: r.due ? "due" : r.solved ? "solved" : "attempted" }));
}
