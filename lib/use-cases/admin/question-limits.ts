/**
 * A question's limits must stay within the operator's configured maxima (lib/grader/limits.ts). The grader would
 * clamp them anyway; refusing at save time tells the admin instead of silently running with other numbers.
 *
 * @example
 *   limitProblems({ ...question, coding: { ...question.coding, limits: { memoryMb: 99999 } } })
 *   // → { "coding.limits.memoryMb": ["at most 1024 (memory of the whole box in MiB …)"] }
 */
import type { Question } from "@/lib/bank/schema";
import { LIMIT_SPECS, type LimitName } from "@/lib/grader/limits";
import { loadConfig } from "@/lib/config/config";
import type { FieldErrors } from "@/lib/errors";

/** The operator's configured maximum of every limit, for the editor's hints. */
export function limitMaxima(): Record<LimitName, number> {
  return loadConfig().grader.limits.maxima;
}

export function limitProblems(question: Question): FieldErrors {
  const problems: FieldErrors = {};
  if (!question.coding) return problems;
  const { maxima } = loadConfig().grader.limits;
  for (const [name, value] of Object.entries(question.coding.limits) as [LimitName, number | undefined][]) {
    if (value === undefined) continue;
    const spec = LIMIT_SPECS[name];
    if (value > maxima[name]) problems[`coding.limits.${name}`] = [`at most ${maxima[name]} (${spec.description})`];
    else if (value < spec.min) problems[`coding.limits.${name}`] = [`at least ${spec.min} (${spec.description})`];
  }
  return problems;
}
