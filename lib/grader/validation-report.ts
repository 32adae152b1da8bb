/**
 * What a reference validation reports, and the key its passing reports are cached under. Types and a hash only:
 * the web tier reads these without reaching the sandbox (the runs happen on a grader worker,
 * lib/grader/pipeline/validation-job.ts).
 *
 * @example
 *   specHash(question.coding) // → "3f1c…" (sha256 of the spec's canonical JSON)
 */
import { createHash } from "node:crypto";
import type { CodingSpec } from "@/lib/bank/schema";
import { canonicalJson } from "@/lib/bank/canonical-json";
import type { GradeLanguage, StageTimes, Verdict } from "./types";

export interface ReferenceTestReport {
  index: number;
  name?: string;
  verdict: Verdict;
  /** False when the test has no expected value (and no Python output to compare with). */
  checked: boolean;
  stages: StageTimes;
  wallMs: number;
  /** Short preview of what the reference returned. */
  got?: unknown;
  diff?: string;
  error?: string;
  stdout?: string;
}

export interface ReferenceLanguageReport {
  language: GradeLanguage;
  verdict: Verdict;
  compileError?: string;
  tests: ReferenceTestReport[];
  wallMs: number;
}

export interface ValidationReport {
  ok: boolean;
  /** Human-readable reasons the question is not publishable (empty when ok). */
  problems: string[];
  languages: ReferenceLanguageReport[];
  validatedAt: string;
}

/** "Generate expected outputs": the spec with every missing expected value filled from the Python reference. */
export type FillExpectedResult =
  | { ok: true; spec: CodingSpec; filled: number[]; report: ReferenceLanguageReport }
  /** The reference could not produce them (does not compile, fails a test): a message for the admin. */
  | { ok: false; message: string };

/** The content half of a passing report's cache key (the other half is the models' hash). */
export function specHash(spec: CodingSpec): string {
  return createHash("sha256").update(canonicalJson(spec)).digest("hex");
}
