import "server-only";
import type { SignedInActor } from "@/lib/auth/actor";
import { TAG_NAMES, type Tag } from "@/lib/bank/tags";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { pickContent } from "@/lib/db/questions/question-record";

export interface MockQuestion {
  slug: string;
  kind: "concept" | "coding";
  difficulty: "easy" | "medium" | "hard";
  /** Locale of title/body (requested one, or the fallback). */
  locale: "zh" | "en";
  title: string;
  body: string;
  keyPointCount: number;
}

/**
 * A random set of published concept questions on one topic for a mock interview, easiest first.
 * Concept only: a timed interview round is spoken/written answers; coding practice has its own page.
 * Random order in SQL over the tag's GIN index, so the whole bank is never loaded.
 *
 * @example
 * await pickMockQuestions({ actor, tag: "pipeline", count: 3, locale: "zh" }) // → 3 MockQuestion
 */
export async function pickMockQuestions({ actor, tag, count, locale }: { actor: SignedInActor; tag: Tag; count: number; locale: "zh" | "en" }): Promise<MockQuestion[]> {
  void actor; // any signed-in user may start one; kept so every use case names who asks
  if (!(TAG_NAMES as readonly string[]).includes(tag)) throw new AppError("INVALID_INPUT", "unknown topic", { tag: ["unknown topic"] });
  const n = Math.min(Math.max(Math.trunc(count), 1), 10);
  const ids = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM "Question" WHERE status = 'published' AND "deletedAt" IS NULL AND kind = 'concept' AND tags @> ARRAY[$1]::text[] ORDER BY random() LIMIT $2`,
    tag,
    n,
  );
  const rows = await prisma.question.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    select: { slug: true, kind: true, difficulty: true, contents: { select: { locale: true, title: true, body: true, keyPoints: true } } },
  });
  const order = { easy: 0, medium: 1, hard: 2 } as const;
  return rows
    .map((r) => {
      const c = pickContent(r.contents, locale);
      return { slug: r.slug, kind: r.kind, difficulty: r.difficulty, locale: (c?.locale ?? locale) as "zh" | "en", title: c?.title ?? r.slug, body: c?.body ?? "", keyPointCount: c?.keyPoints.length ?? 0 };
    })
    .sort((a, b) => order[a.difficulty] - order[b.difficulty] || a.slug.localeCompare(b.slug));
}
