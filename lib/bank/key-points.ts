/**
 * What a published concept question's key points must be (issue 18.9): the scorer marks an answer against them, so
 * a placeholder ("K", "V", "TODO", "…") makes any answer containing that letter score 100 %. A published concept
 * question needs at least one key point per locale, each with at least 3 letters/CJK characters of real text and not a
 * placeholder. Drafts may hold anything (an import lands as a draft for the admin to finish).
 *
 * @example
 *   keyPointProblems({ kind: "concept", status: "published", content: { en: { keyPoints: ["K", "V"] } } })
 *   // → ["en key point 1 \"K\" is too short to score against (at least 3 letters)", …]
 */
import type { Question } from "./schema";

const PLACEHOLDERS = /^(todo|tbd|fixme|xxx+|placeholder|key ?point( ?\d+)?|要点\d*|待补充|待定|略|\.{2,}|…+|-+|\?+)$/i;
const MIN_LETTERS = 3;

function letters(text: string): number {
  return [...text].filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
}

export function keyPointProblems(question: Pick<Question, "kind" | "status" | "content">): string[] {
  if (question.kind !== "concept" || question.status !== "published") return [];
  const problems: string[] = [];
  for (const [locale, content] of Object.entries(question.content)) {
    if (!content) continue;
    const points = content.keyPoints ?? [];
    if (points.length === 0) problems.push(`${locale}: a published concept question needs key points to score answers against`);
    points.forEach((point, i) => {
      const text = point.trim();
      if (PLACEHOLDERS.test(text)) problems.push(`${locale} key point ${i + 1} "${text}" is a placeholder`);
      else if (letters(text) < MIN_LETTERS) problems.push(`${locale} key point ${i + 1} "${text}" is too short to score against (at least ${MIN_LETTERS} letters)`);
    });
  }
  return problems;
}
