import "server-only";
/**
 * The bank list narrowed to the actor's status (new / attempted / solved / due), with the same filters,
 * sorts and pages as lib/db/questions/list-questions.ts. The status narrows by question id: the touched
 * set comes from the actor's own history (getQuestionStatuses), so "new" is a NOT IN over that set and
 * the rest is the same indexed query as the plain list.
 *
 * @example
 * await listQuestionsByStatus({ actor, status: "solved", filter: { locale: "en", page: 1 } })
 */
import type { SignedInActor } from "@/lib/auth/actor";
import type { Locale } from "@/lib/bank/schema";
import { prisma } from "@/lib/db/client";
import { likeLiteral } from "@/lib/db/literal-search";
import { AppError, fieldErrorsFromIssues } from "@/lib/db/errors";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { ListQuestionsFilterSchema, type ListQuestionsFilter, type QuestionList } from "@/lib/db/questions/list-questions";
import { pickContent } from "@/lib/db/questions/question-record";
import { getQuestionStatuses, type QuestionUserStatus } from "./question-status";

const ORDER: Record<string, Prisma.QuestionOrderByWithRelationInput[]> = {
  newest: [{ createdAt: "desc" }, { slug: "asc" }],
  oldest: [{ createdAt: "asc" }, { slug: "asc" }],
  difficulty: [{ difficulty: "asc" }, { slug: "asc" }],
  slug: [{ slug: "asc" }],
};

export async function listQuestionsByStatus({ actor, status, filter }: { actor: SignedInActor; status: QuestionUserStatus; filter: ListQuestionsFilter }): Promise<QuestionList> {
  const parsed = ListQuestionsFilterSchema.safeParse(filter);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Invalid filter.", fieldErrorsFromIssues(parsed.error.issues));
  const f = parsed.data;
  const statuses = await getQuestionStatuses({ actor });
  const touched = statuses.map((s) => s.questionId);
  const matching = statuses.filter((s) => s.status === status).map((s) => s.questionId);
  const where: Prisma.QuestionWhereInput = {
    deletedAt: null,
    status: "published",
    id: status === "new" ? { notIn: touched } : { in: matching },
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.difficulty?.length ? { difficulty: { in: f.difficulty } } : {}),
    ...(f.tags?.length ? { tags: { hasEvery: f.tags } } : {}),
    ...(f.q ? { searchText: { contains: likeLiteral(f.q.toLowerCase()) } } : {}),
  };
  const [total, rows] = await prisma.$transaction([
    prisma.question.count({ where }),
    prisma.question.findMany({
      where,
      orderBy: ORDER[f.sort],
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
      select: { slug: true, kind: true, difficulty: true, tags: true, status: true, updatedAt: true, contents: { select: { locale: true, title: true } } },
    }),
  ]);
  const items = rows.map((row) => {
    const content = pickContent(row.contents, f.locale);
    return {
      slug: row.slug,
      kind: row.kind,
      difficulty: row.difficulty,
      tags: row.tags,
      status: row.status,
      locale: (content?.locale ?? f.locale) as Locale,
      title: content?.title ?? row.slug,
      availableLocales: row.contents.map((c) => c.locale as Locale),
      updatedAt: row.updatedAt,
    };
  });
  return { items, total, page: f.page, pageSize: f.pageSize, pageCount: Math.max(1, Math.ceil(total / f.pageSize)) };
}
