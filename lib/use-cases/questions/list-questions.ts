import "server-only";
/**
 * The bank list: filters (kind, difficulty, tags, status), trigram search over both languages, sorting and pages.
 * Guests and candidates see published, non-deleted questions only; admins also see drafts. Titles come in the
 * requested locale, falling back to the other language.
 *
 * @example
 *   const { items, total } = await listQuestions({ actor, locale: "en", tags: ["bert"], q: "softmax", page: 1 });
 */
import { z } from "zod";
import { DifficultySchema, LocaleSchema, QuestionKindSchema, QuestionStatusSchema, type Locale } from "@/lib/bank/schema";
import { TAG_NAMES } from "@/lib/bank/tags";
import type { Actor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { likeLiteral } from "@/lib/db/literal-search";
import { AppError, fieldErrorsFromIssues } from "@/lib/errors";
import { pickContent } from "@/lib/db/questions/question-record";
import { publicBankCache } from "./public-bank-cache";

export const QUESTION_SORTS = ["newest", "oldest", "difficulty", "slug"] as const;
export const MAX_PAGE_SIZE = 100;

const oneOrMany = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(schema).optional());

export const ListQuestionsFilterSchema = z.object({
  locale: LocaleSchema.default("zh"),
  kind: QuestionKindSchema.optional(),
  difficulty: oneOrMany(DifficultySchema),
  tags: oneOrMany(z.enum(TAG_NAMES)),
  /** Admins only; ignored for everyone else. */
  status: QuestionStatusSchema.optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(QUESTION_SORTS).default("newest"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});
export type ListQuestionsFilter = z.input<typeof ListQuestionsFilterSchema>;

export interface QuestionListItem {
  slug: string;
  kind: "concept" | "coding";
  difficulty: "easy" | "medium" | "hard";
  tags: string[];
  status: "draft" | "published";
  /** The language the title is in (the requested one, or the fallback). */
  locale: Locale;
  title: string;
  availableLocales: Locale[];
  updatedAt: Date;
}

export interface QuestionList {
  items: QuestionListItem[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

const ORDER: Record<(typeof QUESTION_SORTS)[number], Prisma.QuestionOrderByWithRelationInput[]> = {
  newest: [{ createdAt: "desc" }, { slug: "asc" }],
  oldest: [{ createdAt: "asc" }, { slug: "asc" }],
  difficulty: [{ difficulty: "asc" }, { slug: "asc" }],
  slug: [{ slug: "asc" }],
};

/** Narrows the list to (or away from) a set of question ids; set by other use cases, never from a request. */
export type QuestionIdScope = { in: string[] } | { notIn: string[] };

export async function listQuestions({
  actor,
  questionIds,
  ...filter
}: ListQuestionsFilter & { actor: Actor; questionIds?: QuestionIdScope }): Promise<QuestionList> {
  const parsed = ListQuestionsFilterSchema.safeParse(filter);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Invalid filter.", fieldErrorsFromIssues(parsed.error.issues));
  const f = parsed.data;
  const admin = actor?.role === "admin";
  // Guests and candidates see the same published list until the bank changes: the process's cache (ADR 1105). Lists
  // narrowed to a user's own question ids (status filters) are personal and always read.
  if (!admin && !questionIds) return publicBankCache().get(`list:${JSON.stringify(f)}`, () => readList(f, false, undefined));
  return readList(f, admin, questionIds);
}

async function readList(f: z.output<typeof ListQuestionsFilterSchema>, admin: boolean, questionIds: QuestionIdScope | undefined): Promise<QuestionList> {

  const where: Prisma.QuestionWhereInput = {
    deletedAt: null,
    status: admin ? f.status : "published",
    ...(questionIds ? { id: questionIds } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.difficulty?.length ? { difficulty: { in: f.difficulty } } : {}),
    ...(f.tags?.length ? { tags: { hasEvery: f.tags } } : {}),
    // LIKE '%…%' on the lower-cased searchText uses the trigram GIN index.
    ...(f.q ? { searchText: { contains: likeLiteral(f.q.toLowerCase()) } } : {}),
  };

  // Two independent statements on two pooled connections at once. A batch $transaction here only added BEGIN and
  // COMMIT round trips: under READ COMMITTED each statement takes its own snapshot anyway, so it never made the
  // count and the page agree more than this does.
  const [total, rows] = await Promise.all([
    prisma.question.count({ where }),
    prisma.question.findMany({
      where,
      orderBy: ORDER[f.sort],
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
      select: {
        slug: true,
        kind: true,
        difficulty: true,
        tags: true,
        status: true,
        updatedAt: true,
        contents: { select: { locale: true, title: true } },
      },
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
