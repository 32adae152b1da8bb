import "server-only";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { postgresRejects } from "@/lib/db/postgres-text";

export interface ConceptKey {
  questionId: string;
  /** The locale the key points are in (the requested one, or the other when it is missing). */
  locale: "zh" | "en";
  keyPoints: string[];
  answer: string;
  explanation: string;
  /** Interviewer follow-up questions (markdown), revealed with the answer. */
  probes: string[];
}

/**
 * What a concept answer is scored against and what is revealed after an attempt. Only published,
 * non-deleted concept questions; the requested locale first, the other one as a fallback.
 *
 * @example
 * const key = await getConceptKey({ slug: "llm-inference-key-steps", locale: "en" }); // key.keyPoints.length → 5
 */
export async function getConceptKey({ slug, locale }: { slug: string; locale: "zh" | "en" }): Promise<ConceptKey> {
  if (postgresRejects(slug)) throw new AppError("NOT_FOUND", "no such concept question");
  const question = await prisma.question.findFirst({
    where: { slug, kind: "concept", status: "published", deletedAt: null },
    select: { id: true, contents: { select: { locale: true, keyPoints: true, answer: true, explanation: true, probes: true } } },
  });
  if (!question) throw new AppError("NOT_FOUND", `no concept question ${slug}`);
  const content = question.contents.find((c) => c.locale === locale) ?? question.contents[0];
  if (!content) throw new AppError("NOT_FOUND", `question ${slug} has no content`);
  return { questionId: question.id, locale: content.locale, keyPoints: content.keyPoints, answer: content.answer, explanation: content.explanation, probes: content.probes };
}
