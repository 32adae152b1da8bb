import "server-only";
/**
 * The admin question list: drafts, published and deleted questions, with search (slug, titles, bodies, key
 * points, tags) and filters. Paged, newest edits first.
 *
 * @example
 *   await listAdminQuestions({ actor, filter: { status: "draft", search: "bert" } })
 *   // → { total: 2, page: 1, pageSize: 50, rows: [{ slug: "bert-text-classification", title: "…", status: "draft", ... }] }
 */
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { DifficultySchema, QuestionKindSchema } from "@/lib/bank/schema";
import { prisma } from "@/lib/db/client";
import { likeLiteral } from "@/lib/db/literal-search";
import { AppError, fieldErrorsFromIssues } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { assertAdmin } from "./admin-actor";

export const AdminQuestionFilterSchema = z.object({
  search: z.string().trim().max(200).optional(),
  status: z.enum(["all", "draft", "published", "deleted"]).default("all"),
  kind: QuestionKindSchema.optional(),
  difficulty: DifficultySchema.optional(),
  tag: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AdminQuestionFilter = z.input<typeof AdminQuestionFilterSchema>;

export interface AdminQuestionRow {
  slug: string;
  kind: "concept" | "coding";
  difficulty: "easy" | "medium" | "hard";
  tags: string[];
  status: "draft" | "published";
  version: number;
  titleZh: string | null;
  titleEn: string | null;
  updatedAt: Date;
  deletedAt: Date | null;
}

export async function listAdminQuestions({ actor, filter = {} }: { actor: Actor; filter?: AdminQuestionFilter }): Promise<{ total: number; page: number; pageSize: number; rows: AdminQuestionRow[] }> {
  assertAdmin(actor);
  const parsed = AdminQuestionFilterSchema.safeParse(filter);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Bad filter.", fieldErrorsFromIssues(parsed.error.issues));
  const f = parsed.data;
  const where: Prisma.QuestionWhereInput = {
    ...(f.status === "deleted" ? { deletedAt: { not: null } } : { deletedAt: null }),
    ...(f.status === "draft" || f.status === "published" ? { status: f.status } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.difficulty ? { difficulty: f.difficulty } : {}),
    ...(f.tag ? { tags: { has: f.tag } } : {}),
    ...(f.search ? { searchText: { contains: likeLiteral(f.search.toLowerCase()) } } : {}),
  };
  const [total, rows] = await Promise.all([
    prisma.question.count({ where }),
    prisma.question.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { slug: "asc" }],
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
      select: {
        slug: true, kind: true, difficulty: true, tags: true, status: true, version: true, updatedAt: true, deletedAt: true,
        contents: { select: { locale: true, title: true } },
      },
    }),
  ]);
  return {
    total,
    page: f.page,
    pageSize: f.pageSize,
    rows: rows.map(({ contents, ...row }) => ({
      ...row,
      titleZh: contents.find((c) => c.locale === "zh")?.title ?? null,
      titleEn: contents.find((c) => c.locale === "en")?.title ?? null,
    })),
  };
}
