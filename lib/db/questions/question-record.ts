/**
 * The seam between the bank format (lib/bank/schema.ts `Question`) and the database rows: writing a parsed
 * question into Question + QuestionContent + CodingSpec + TestCase rows, and reading them back as a `Question`.
 * Shared by upsertQuestion (admin edits) and the seed; authorization happens in the callers.
 *
 * @example
 *   await writeQuestion(tx, question, { existing: null, authorId: actor.id, summary: "created" });
 */
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { LOCALES, type Locale, type Question } from "@/lib/bank/schema";
import { noteBankWrite } from "./bank-changes";

/** A Prisma client or an interactive transaction client. */
export type Db = PrismaClient | Prisma.TransactionClient;

export const questionWithEverything = {
  contents: true,
  codingSpec: true,
  testCases: { orderBy: { ordinal: "asc" } },
} satisfies Prisma.QuestionInclude;

export type QuestionRow = Prisma.QuestionGetPayload<{ include: typeof questionWithEverything }>;

/** Lower-cased text the trigram index searches: slug, tags, and every locale's title, body and key points. */
export function buildSearchText(question: Question): string {
  const parts: string[] = [question.slug, ...question.tags];
  for (const locale of LOCALES) {
    const content = question.content[locale];
    if (content) parts.push(content.title, content.body, ...content.keyPoints);
  }
  return parts.join("\n").toLowerCase();
}

/** Prisma's Json input type does not accept `unknown`; bank values are plain JSON by construction. */
const json = (value: unknown) => value as Prisma.InputJsonValue;

/**
 * Replace the question's content, coding spec and tests with `question`'s and bump its version (or create it).
 * Records a QuestionVersion snapshot. Returns the row's id and new version.
 */
export async function writeQuestion(
  tx: Db,
  question: Question,
  options: { existing: { id: string; version: number } | null; authorId: string | null; summary: string },
): Promise<{ id: string; version: number }> {
  const fields = {
    kind: question.kind,
    difficulty: question.difficulty,
    tags: question.tags,
    status: question.status,
    searchText: buildSearchText(question),
  };
  let id: string;
  let version: number;
  if (options.existing) {
    // Optimistic lock: the row must still be at the version the editor started from.
    const updated = await tx.question.updateMany({
      where: { id: options.existing.id, version: options.existing.version },
      data: { ...fields, deletedAt: null, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new VersionConflict();
    id = options.existing.id;
    version = options.existing.version + 1;
    await tx.questionContent.deleteMany({ where: { questionId: id } });
    await tx.testCase.deleteMany({ where: { questionId: id } });
    await tx.codingSpec.deleteMany({ where: { questionId: id } });
  } else {
    const created = await tx.question.create({
      data: { ...fields, slug: question.slug, authorId: options.authorId, version: 1 },
      select: { id: true },
    });
    id = created.id;
    version = 1;
  }

  const contents = LOCALES.flatMap((locale) => {
    const content = question.content[locale];
    return content ? [{ questionId: id, locale, ...content }] : [];
  });
  await tx.questionContent.createMany({ data: contents });

  if (question.coding) {
    const { params, languages, checker, limits, tests, workBound } = question.coding;
    await tx.codingSpec.create({
      data: { questionId: id, params: json(params), languages: json(languages), checker: json(checker), limits: json(limits), ...(workBound ? { workBound: json(workBound) } : {}) },
    });
    await tx.testCase.createMany({
      data: tests.map((test, ordinal) => ({
        questionId: id,
        ordinal,
        name: test.name ?? null,
        args: json(test.args),
        // JSON null is a legitimate expected value; only an absent one means "compare with the reference".
        expected: test.expected === undefined ? undefined : json(test.expected),
        sample: test.sample,
        weight: test.weight,
      })),
    });
  }

  await tx.questionVersion.create({
    data: { questionId: id, version, snapshot: json(question), authorId: options.authorId, summary: options.summary },
  });
  noteBankWrite(); // this process's cached public views (ADR 1105); other processes hear the NOTIFY on commit
  return { id, version };
}

export class VersionConflict extends Error {
  constructor() {
    super("the question was changed by someone else");
  }
}

/** Rebuild the bank-format question from its rows (export, editor, grading). */
export function rowToQuestion(row: QuestionRow): Question {
  const content: Question["content"] = {};
  for (const c of row.contents) {
    content[c.locale as Locale] = {
      title: c.title,
      body: c.body,
      answer: c.answer,
      keyPoints: c.keyPoints,
      explanation: c.explanation,
      probes: c.probes,
    };
  }
  const question: Question = {
    slug: row.slug,
    kind: row.kind,
    difficulty: row.difficulty,
    tags: row.tags as Question["tags"],
    status: row.status,
    content,
  };
  if (row.codingSpec) {
    const spec = row.codingSpec;
    question.coding = {
      params: spec.params as string[],
      languages: spec.languages as NonNullable<Question["coding"]>["languages"],
      checker: spec.checker as NonNullable<Question["coding"]>["checker"],
      limits: spec.limits as NonNullable<Question["coding"]>["limits"],
      ...(spec.workBound ? { workBound: spec.workBound as NonNullable<NonNullable<Question["coding"]>["workBound"]> } : {}),
      tests: row.testCases.map((t) => ({
        ...(t.name !== null ? { name: t.name } : {}),
        args: t.args as unknown[],
        ...(t.expected !== null ? { expected: t.expected } : {}),
        sample: t.sample,
        weight: t.weight,
      })),
    };
  }
  return question;
}

/** The content to show in `locale`, falling back to the other language when it is missing. */
export function pickContent<T extends { locale: string }>(contents: T[], locale: Locale): T | undefined {
  return contents.find((c) => c.locale === locale) ?? contents.find((c) => c.locale !== locale);
}
