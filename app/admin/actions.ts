"use server";
/**
 * Server actions of the admin area. Each one only finds out who is asking and calls an admin use case in
 * lib/use-cases/admin, which checks the actor is an admin itself — so calling these directly as a candidate changes
 * nothing (FORBIDDEN). Values are plain JSON for the client components.
 */
import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/guards";
import { saveQuestion, type SaveQuestionResult } from "@/lib/use-cases/admin/save-question";
import { setQuestionStatus, type SetStatusResult } from "@/lib/use-cases/admin/set-question-status";
import { deleteQuestions, restoreQuestions } from "@/lib/use-cases/admin/delete-questions";
import { restoreQuestionVersion } from "@/lib/use-cases/admin/question-versions";
import { previewMarkdown } from "@/lib/use-cases/admin/preview-markdown";
import { generateExpectedOutputs, readQuestionValidation, startQuestionValidation } from "@/lib/use-cases/admin/validate-question";
import type { ValidationReport } from "@/lib/use-cases/admin/validate-question";
import type { Question } from "@/lib/bank/schema";
import type { RenderedMarkdown } from "@/lib/bank/markdown";
import { toActionResult, type ActionResult } from "@/lib/web/action-result";

function touched(slugs: string[]): void {
  revalidatePath("/admin/questions");
  revalidatePath("/questions");
  for (const slug of slugs) {
    revalidatePath(`/admin/questions/${slug}`);
    revalidatePath(`/questions/${slug}`);
  }
}

export async function saveQuestionAction(input: unknown, expectedVersion: number | null): Promise<ActionResult<SaveQuestionResult>> {
  const result = await toActionResult(async () => saveQuestion({ actor: await currentActor(), input, expectedVersion }));
  if (result.ok) touched([result.value.slug]);
  return result;
}

export async function setStatusAction(slugs: string[], status: "draft" | "published"): Promise<ActionResult<SetStatusResult>> {
  const result = await toActionResult(async () => setQuestionStatus({ actor: await currentActor(), slugs, status }));
  if (result.ok) touched(slugs);
  return result;
}

export async function deleteQuestionsAction(slugs: string[]): Promise<ActionResult<{ changed: string[] }>> {
  const result = await toActionResult(async () => deleteQuestions({ actor: await currentActor(), slugs }));
  if (result.ok) touched(slugs);
  return result;
}

export async function restoreQuestionsAction(slugs: string[]): Promise<ActionResult<{ changed: string[] }>> {
  const result = await toActionResult(async () => restoreQuestions({ actor: await currentActor(), slugs }));
  if (result.ok) touched(slugs);
  return result;
}

export async function restoreVersionAction(slug: string, version: number, expectedVersion: number): Promise<ActionResult<{ version: number; summary: string }>> {
  const result = await toActionResult(async () => restoreQuestionVersion({ actor: await currentActor(), slug, version, expectedVersion }));
  if (result.ok) touched([slug]);
  return result;
}

/**
 * "Validate": the references run on a grader worker (a queue job), so this only starts it — or answers at once from
 * the shared cache of passing reports; the editor then polls readValidationAction and shows queued → running → report.
 */
export async function startValidationAction(input: unknown): Promise<ActionResult<{ id: string } | { report: ValidationReport }>> {
  return toActionResult(async () => startQuestionValidation({ actor: await currentActor(), input }));
}

export async function readValidationAction(id: string): Promise<ActionResult<{ state: "queued" | "running" } | { state: "done"; report: ValidationReport }>> {
  return toActionResult(async () => readQuestionValidation({ actor: await currentActor(), id }));
}

export async function generateExpectedAction(input: unknown): Promise<ActionResult<{ question: Question; filled: number[] }>> {
  return toActionResult(async () => {
    const { question, filled } = await generateExpectedOutputs({ actor: await currentActor(), input });
    return { question, filled };
  });
}

export async function previewMarkdownAction(markdown: string): Promise<ActionResult<RenderedMarkdown>> {
  return toActionResult(async () => previewMarkdown({ actor: await currentActor(), markdown }));
}
