import "server-only";
/**
 * The editor's "Validate" and "Generate expected outputs" buttons, on the question as currently edited (it need not
 * be saved). Both run the reference solutions in the real sandbox on the real engine; both are recorded in the
 * audit log because they run admin-supplied code on the server.
 *
 * @example
 *   const report = await validateQuestion({ actor, input: question }); // → { ok: false, problems: ["python: test 2: WA — …"], languages: [...] }
 *   const { question: filled, filled: indexes } = await generateExpectedOutputs({ actor, input: question });
 */
import { QuestionSchema, type Question } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import type { EngineLike } from "@/lib/grader/types";
import { prisma } from "@/lib/db/client";
import { AppError, fieldErrorsFromIssues, isAppError } from "@/lib/errors";
import { assertAdmin } from "./admin-actor";
import { questionTarget, recordAudit } from "./audit";
import { resolveEngine } from "./resolve-engine";
import { enforceRateLimit } from "@/lib/use-cases/limits/enforce-rate-limit";
import { fillExpectedOutputs, validateReferences, type ReferenceLanguageReport, type ValidationReport } from "@/lib/grader/reference-validation";

export type { ReferenceLanguageReport, ReferenceTestReport, ValidationReport } from "@/lib/grader/reference-validation";

function parseCoding(input: unknown): Question & { coding: NonNullable<Question["coding"]> } {
  const parsed = QuestionSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Fix the question's errors first.", fieldErrorsFromIssues(parsed.error.issues));
  if (!parsed.data.coding) throw new AppError("INVALID_INPUT", "Only coding questions have reference solutions to validate.");
  return parsed.data as Question & { coding: NonNullable<Question["coding"]> };
}

export async function validateQuestion({ actor, input, engine }: { actor: Actor; input: unknown; engine?: EngineLike }): Promise<ValidationReport> {
  const admin = assertAdmin(actor);
  const question = parseCoding(input);
  await enforceRateLimit("admin-validation", { userId: admin.id });
  const report = await validateReferences(question.coding, await resolveEngine(engine));
  await recordAudit(prisma, admin, "question.validate", questionTarget(question.slug), { ok: report.ok, problems: report.problems.slice(0, 20) });
  return report;
}

export async function generateExpectedOutputs({
  actor,
  input,
  engine,
}: {
  actor: Actor;
  input: unknown;
  engine?: EngineLike;
}): Promise<{ question: Question; filled: number[]; report: ReferenceLanguageReport }> {
  const admin = assertAdmin(actor);
  const question = parseCoding(input);
  await enforceRateLimit("admin-validation", { userId: admin.id });
  try {
    const { spec, filled, report } = await fillExpectedOutputs(question.coding, await resolveEngine(engine));
    await recordAudit(prisma, admin, "question.generate-expected", questionTarget(question.slug), { filled });
    return { question: { ...question, coding: spec }, filled, report };
  } catch (error) {
    if (isAppError(error)) throw error; // UNAVAILABLE: no sandbox on this host
    throw new AppError("INVALID_INPUT", (error as Error).message);
  }
}
