import "server-only";
/**
 * "Similar questions": nearest neighbours of a question among the published bank, by the Word2Vec index in
 * ./similar-questions-index.ts. Titles and publication state are read live from the database.
 */
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { pickContent } from "@/lib/db/questions/question-record";
import { bankIndex, MAX_NEIGHBOURS, rankNeighbours, type BankIndex } from "./similar-questions-index";
import { childLogger } from "@/lib/observability/log";

export interface SimilarQuestion {
  slug: string;
  title: string;
  /** The language the title is in (it falls back to the other locale when untranslated), for the `lang` attribute. */
  titleLocale: "zh" | "en";
  kind: "concept" | "coding";
  difficulty: "easy" | "medium" | "hard";
  similarity: number;
}

/**
 * The `limit` published questions most similar to `slug` (excluding itself), best first. Visible to
 * everyone who may see published questions; returns [] when the engine is unavailable.
 *
 * @example
 * await searchSimilarQuestions({ actor: null, slug: "semantic-vector", locale: "en", limit: 5 })
 * // → [{ slug: "mean-pooling", title: "…", kind: "coding", difficulty: "easy", similarity: 0.62 }, …]
 */
export async function searchSimilarQuestions({ slug, locale, limit = 5 }: { actor: Actor; slug: string; locale: "zh" | "en"; limit?: number }): Promise<SimilarQuestion[]> {
  let index: BankIndex;
  try {
    index = await bankIndex();
  } catch (error) {
    childLogger({ component: "similar-questions" }).warn({ event: "similar_questions.unavailable", err: error }, "similar questions unavailable");
    return [];
  }
  const ranked = rankNeighbours(index, slug).slice(0, Math.min(Math.max(limit, 1), MAX_NEIGHBOURS));
  if (ranked.length === 0) return [];
  // Titles, and whether each neighbour is still published, are read live: unpublishing hides a question at once.
  const rows = await prisma.question.findMany({
    where: { id: { in: ranked.map((r) => r.id) }, status: "published", deletedAt: null },
    select: { id: true, slug: true, kind: true, difficulty: true, contents: { select: { locale: true, title: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ranked.flatMap(({ id, similarity }) => {
    const row = byId.get(id);
    if (!row) return [];
    const content = pickContent(row.contents, locale);
    const titleLocale: "zh" | "en" = content ? (content.locale === "zh" ? "zh" : "en") : "en";
    return [{ slug: row.slug, title: content?.title ?? row.slug, titleLocale, kind: row.kind, difficulty: row.difficulty, similarity }];
  });
}
