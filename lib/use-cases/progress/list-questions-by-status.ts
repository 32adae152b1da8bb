import "server-only";
/**
 * The bank list narrowed to the actor's status (new / attempted / solved / due), with the same filters,
 * sorts and pages as lib/use-cases/questions/list-questions.ts. The status narrows by question id: the touched
 * set comes from the actor's own history (getQuestionStatuses), so "new" is a NOT IN over that set and
 * the rest is the same indexed query as the plain list.
 *
 * @example
 * await listQuestionsByStatus({ actor, status: "solved", filter: { locale: "en", page: 1 } })
 */
import type { SignedInActor } from "@/lib/auth/actor";
import { listQuestions, type ListQuestionsFilter, type QuestionList } from "@/lib/use-cases/questions/list-questions";
import { getQuestionStatuses, type QuestionUserStatus } from "./question-status";

export async function listQuestionsByStatus({ actor, status, filter }: { actor: SignedInActor; status: QuestionUserStatus; filter: ListQuestionsFilter }): Promise<QuestionList> {
  const statuses = await getQuestionStatuses({ actor });
  const touched = statuses.map((s) => s.questionId);
  const matching = statuses.filter((s) => s.status === status).map((s) => s.questionId);
  // Personal status is about the published bank, for admins too.
  return listQuestions({
    actor,
    ...filter,
    status: "published",
    questionIds: status === "new" ? { notIn: touched } : { in: matching },
  });
}
