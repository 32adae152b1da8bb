/**
 * What changed between two versions of a question, as field paths an admin recognises
 * ("content.en.body", "coding.languages.python.reference", "coding.tests (2 → 3)"). Used for the summary stored
 * with every QuestionVersion and for the import preview.
 *
 * @example
 *   changedFields(before, { ...before, difficulty: "hard" }) // → ["difficulty"]
 *   summarizeChanges(null, question)                         // → "created"
 */
import { canonicalJson } from "@/lib/bank/canonical-json";
import { LANGUAGES, LOCALES, type Question } from "@/lib/bank/schema";

export { canonicalJson };

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

const CONTENT_FIELDS = ["title", "body", "answer", "keyPoints", "explanation", "probes"] as const;
const LANGUAGE_FIELDS = ["entry", "starter", "reference"] as const;

export function changedFields(before: Question | null, after: Question): string[] {
  if (!before) return ["created"];
  const changes: string[] = [];
  for (const field of ["slug", "kind", "difficulty", "tags", "status"] as const) {
    if (!same(before[field], after[field])) changes.push(field);
  }
  for (const locale of LOCALES) {
    const a = before.content[locale];
    const b = after.content[locale];
    if (!a && !b) continue;
    if (!a || !b) {
      changes.push(`content.${locale} (${a ? "removed" : "added"})`);
      continue;
    }
    for (const field of CONTENT_FIELDS) if (!same(a[field], b[field])) changes.push(`content.${locale}.${field}`);
  }
  const x = before.coding;
  const y = after.coding;
  if (!x || !y) {
    if (x || y) changes.push(`coding (${x ? "removed" : "added"})`);
    return changes;
  }
  for (const field of ["params", "checker", "limits"] as const) if (!same(x[field], y[field])) changes.push(`coding.${field}`);
  for (const language of LANGUAGES) {
    const a = x.languages[language];
    const b = y.languages[language];
    if (!a && !b) continue;
    if (!a || !b) {
      changes.push(`coding.languages.${language} (${a ? "removed" : "added"})`);
      continue;
    }
    for (const field of LANGUAGE_FIELDS) if (!same(a[field], b[field])) changes.push(`coding.languages.${language}.${field}`);
  }
  if (x.tests.length !== y.tests.length) {
    changes.push(`coding.tests (${x.tests.length} → ${y.tests.length})`);
  } else {
    y.tests.forEach((test, i) => {
      if (!same(x.tests[i], test)) changes.push(`coding.tests.${i}`);
    });
  }
  return changes;
}

/** One line for QuestionVersion.summary (≤ 500 chars). */
export function summarizeChanges(before: Question | null, after: Question): string {
  const changes = changedFields(before, after);
  const text = changes.length ? changes.join(", ") : "no changes";
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

export function sameQuestion(a: Question, b: Question): boolean {
  return same(a, b);
}
