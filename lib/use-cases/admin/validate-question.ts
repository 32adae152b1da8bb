import "server-only";
/**
 * The editor's "Validate" and "Generate expected outputs" buttons, on the question as currently edited (it need not
 * be saved). Both run the reference solutions in the real sandbox on the real engine — on a grader worker, as a job
 * on the grading queue (reference-runs.ts); the web process runs no box. Both are recorded in the audit log because
 * they run admin-supplied code on the graders.
 *
 * Two ways to call them: `validateQuestion` waits for the report; `startQuestionValidation` +
 * `readQuestionValidation` let the editor show queued → running → report while it polls.
 *
 * @example
 *   const report = await validateQuestion({ actor, input: question }); // → { ok: false, problems: ["python: test 2: WA — …"], languages: [...] }
 *   const { question: filled, filled: indexes } = await generateExpectedOutputs({ actor, input: question });
 *   const started = await startQuestionValidation({ actor, input: question }); // → { id } | { report }
 *   await readQuestionValidation({ actor, id: started.id });                  // → { state: "running" } … { state: "done", report }
 */
import { QuestionSchema, type Question } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError, fieldErrorsFromIssues } from "@/lib/errors";
import { assertAdmin } from "./admin-actor";
import { questionTarget, recordAudit } from "./audit";
import { enforceRateLimit } from "@/lib/use-cases/limits/enforce-rate-limit";
import { readReferenceRun, requestReferenceRun, runReferencesOnGrader, type ReferenceLanguageReport, type ValidationReport } from "./reference-runs";

export type { ReferenceLanguageReport, ReferenceTestReport, ValidationReport } from "./reference-runs";

function parseCoding(input: unknown): Question & { coding: NonNullable<Question["coding"]> } {
  const parsed = QuestionSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Fix the question's errors first.", fieldErrorsFromIssues(parsed.error.issues));
  if (!parsed.data.coding) throw new AppError("INVALID_INPUT", "Only coding questions have reference solutions to validate.");
  return parsed.data as Question & { coding: NonNullable<Question["coding"]> };
}

/** Runs the validation on a grader and waits for its report. UNAVAILABLE when no grader can run it. */
export async function validateQuestion({ actor, input }: { actor: Actor; input: unknown }): Promise<ValidationReport> {
  const admin = assertAdmin(actor);
  const question = parseCoding(input);
  await enforceRateLimit("admin-validation", { userId: admin.id });
  const report = await runReferencesOnGrader("validate", question.coding, { requestedBy: admin.id });
  await recordAudit(prisma, admin, "question.validate", questionTarget(question.slug), { ok: report.ok, problems: report.problems.slice(0, 20) });
  return report;
}

/** Queues the validation (or answers from the shared cache of passing reports); poll with readQuestionValidation. */
export async function startQuestionValidation({ actor, input }: { actor: Actor; input: unknown }): Promise<{ id: string } | { report: ValidationReport }> {
  const admin = assertAdmin(actor);
  const question = parseCoding(input);
  await enforceRateLimit("admin-validation", { userId: admin.id });
  const started = await requestReferenceRun("validate", question.coding, { requestedBy: admin.id });
  if ("result" in started) {
    await recordAudit(prisma, admin, "question.validate", questionTarget(question.slug), { ok: started.result.ok, problems: started.result.problems.slice(0, 20), cached: true });
    return { report: started.result };
  }
  await recordAudit(prisma, admin, "question.validate", questionTarget(question.slug), { queued: started.id });
  return { id: started.id };
}

/** Where a validation started by startQuestionValidation stands. UNAVAILABLE when no grader can finish it. */
export async function readQuestionValidation({ actor, id }: { actor: Actor; id: string }): Promise<{ state: "queued" | "running" } | { state: "done"; report: ValidationReport }> {
  assertAdmin(actor);
  const seen = await readReferenceRun<"validate">(id);
  return seen.state === "done" ? { state: "done", report: seen.result } : seen;
}

export async function generateExpectedOutputs({ actor, input }: { actor: Actor; input: unknown }): Promise<{ question: Question; filled: number[]; report: ReferenceLanguageReport }> {
  const admin = assertAdmin(actor);
  const question = parseCoding(input);
  await enforceRateLimit("admin-validation", { userId: admin.id });
  if (!question.coding.languages.python.reference) throw new AppError("INVALID_INPUT", "write the Python reference solution first: expected outputs come from it");
  const result = await runReferencesOnGrader("fill-expected", question.coding, { requestedBy: admin.id });
  if (!result.ok) throw new AppError("INVALID_INPUT", result.message);
  await recordAudit(prisma, admin, "question.generate-expected", questionTarget(question.slug), { filled: result.filled });
  return { question: { ...question, coding: result.spec }, filled: result.filled, report: result.report };
}
