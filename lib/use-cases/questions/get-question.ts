import "server-only";
/**
 * One question as a candidate sees it: content in the requested locale (falling back to the other), and for
 * coding questions the parameters, starter code per language, limits and the sample tests. Reference solutions
 * and hidden tests never leave here for non-admins (admins get `references` and `hiddenTests` too, for
 * validation). Guests and candidates only see published, non-deleted questions; anything else is NOT_FOUND.
 *
 * @example
 *   const q = await getQuestion({ actor, slug: "semantic-vector", locale: "en" });
 *   q.coding?.languages.python.starter;
 */
import type { Locale } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import { publicBankCache } from "./public-bank-cache";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { postgresRejects } from "@/lib/db/postgres-text";
import { pickContent } from "@/lib/db/questions/question-record";

export interface QuestionTestView {
  ordinal: number;
  name: string | null;
  args: unknown[];
  /** Absent when the expected value is computed from the reference solution at grading time. */
  expected?: unknown;
  weight: number;
}

export interface QuestionView {
  id: string;
  slug: string;
  kind: "concept" | "coding";
  difficulty: "easy" | "medium" | "hard";
  tags: string[];
  status: "draft" | "published";
  version: number;
  locale: Locale;
  availableLocales: Locale[];
  title: string;
  body: string;
  answer: string;
  keyPoints: string[];
  explanation: string;
  updatedAt: Date;
  coding?: {
    params: string[];
    languages: Partial<Record<"python" | "javascript" | "typescript", { entry: string; starter: string }>>;
    checker: unknown;
    limits: Record<string, number | undefined>;
    sampleTests: QuestionTestView[];
    hiddenTestCount: number;
    /** Admins only. */
    references?: Partial<Record<"python" | "javascript" | "typescript", string>>;
    /** Admins only. */
    hiddenTests?: QuestionTestView[];
  };
}

type LanguageSpec = { entry: string; starter: string; reference?: string };

export async function getQuestion({ actor, slug, locale }: { actor: Actor; slug: string; locale: Locale }): Promise<QuestionView> {
  if (postgresRejects(slug)) throw new AppError("NOT_FOUND", "No such question.");
  if (actor?.role === "admin") return readQuestion({ admin: true, slug, locale });
  // Guests and candidates all see the same published question until the bank changes: the process's cache (ADR 1105).
  return publicBankCache().get(`question:${locale}:${slug}`, () => readQuestion({ admin: false, slug, locale }));
}

async function readQuestion({ admin, slug, locale }: { admin: boolean; slug: string; locale: Locale }): Promise<QuestionView> {
  // The question, its contents and its hidden-test count (a sub-select, same round trip). The coding spec and the
  // tests are only read for coding questions, and for everyone but admins only the sample tests leave the database:
  // hidden tests' arguments and expected values can be large and a candidate page never shows them.
  const row = await prisma.question.findFirst({
    where: admin ? { slug, deletedAt: null } : { slug, deletedAt: null, status: "published" },
    include: { contents: true, _count: { select: { testCases: { where: { sample: false } } } } },
  });
  if (!row) throw new AppError("NOT_FOUND", `No question "${slug}".`);
  const content = pickContent(row.contents, locale);

  const view: QuestionView = {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    difficulty: row.difficulty,
    tags: row.tags,
    status: row.status,
    version: row.version,
    locale: (content?.locale ?? locale) as Locale,
    availableLocales: row.contents.map((c) => c.locale as Locale),
    title: content?.title ?? row.slug,
    body: content?.body ?? "",
    answer: content?.answer ?? "",
    keyPoints: content?.keyPoints ?? [],
    explanation: content?.explanation ?? "",
    updatedAt: row.updatedAt,
  };
  if (row.kind !== "coding") return view; // the bank schema gives only coding questions a coding spec

  const [spec, tests] = await Promise.all([
    prisma.codingSpec.findUnique({ where: { questionId: row.id } }),
    prisma.testCase.findMany({ where: admin ? { questionId: row.id } : { questionId: row.id, sample: true }, orderBy: { ordinal: "asc" } }),
  ]);
  if (spec) {
    const languages = spec.languages as Record<string, LanguageSpec | undefined>;
    const toView = (t: (typeof tests)[number]): QuestionTestView => ({
      ordinal: t.ordinal,
      name: t.name,
      args: t.args as unknown[],
      ...(t.expected !== null ? { expected: t.expected } : {}),
      weight: t.weight,
    });
    view.coding = {
      params: spec.params as string[],
      // Rebuilt field by field so a reference solution cannot ride along by accident.
      // A language is offered to candidates only with a reference solution in it: reference validation runs every
      // language that has one, so nobody is offered a language whose tests were never checked (ADR 0613).
      languages: Object.fromEntries(
        Object.entries(languages).flatMap(([name, l]) => (l && (admin || l.reference?.trim()) ? [[name, { entry: l.entry, starter: l.starter }]] : [])),
      ),
      checker: spec.checker,
      limits: spec.limits as Record<string, number | undefined>,
      sampleTests: tests.filter((t) => t.sample).map(toView),
      hiddenTestCount: row._count.testCases,
    };
    if (admin) {
      view.coding.references = Object.fromEntries(
        Object.entries(languages).flatMap(([name, l]) => (l?.reference ? [[name, l.reference]] : [])),
      );
      view.coding.hiddenTests = tests.filter((t) => !t.sample).map(toView);
    }
  }
  return view;
}
