import "server-only";
/**
 * Bulk publish / unpublish, all or nothing: every slug must exist (not deleted), and when publishing, every coding
 * question's references must pass validation; otherwise nothing changes and every failure is reported per slug.
 * Each changed question gets a new version (status is part of the snapshot) and an AuditLog row.
 *
 * @example
 *   await setQuestionStatus({ actor, slugs: ["semantic-vector", "kv-cache-basics"], status: "published" });
 *   // → { changed: [{ slug: "semantic-vector", version: 5 }], unchanged: ["kv-cache-basics"] }
 */
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError, type FieldErrors } from "@/lib/errors";
import { VersionConflict, writeQuestion } from "@/lib/db/questions/question-record";
import { assertAdmin } from "./admin-actor";
import { questionTarget, recordAudit } from "./audit";
import { CONFLICT_MESSAGE } from "./save-question";
import { loadQuestionState, validationFor, type QuestionState } from "./question-state";
import { keyPointProblems } from "@/lib/bank/key-points";

export interface SetStatusResult {
  changed: { slug: string; version: number }[];
  unchanged: string[];
}

export async function setQuestionStatus({
  actor,
  slugs,
  status,
}: {
  actor: Actor;
  slugs: string[];
  status: "draft" | "published";
}): Promise<SetStatusResult> {
  const admin = assertAdmin(actor);
  const unique = [...new Set(slugs)];
  if (unique.length === 0) throw new AppError("INVALID_INPUT", "Select at least one question.");
  const problems: FieldErrors = {};
  const states: QuestionState[] = [];
  for (const slug of unique) {
    const state = await loadQuestionState(prisma, slug);
    if (!state || state.deletedAt) {
      problems[slug] = [state ? "is deleted" : "does not exist"];
      continue;
    }
    states.push(state);
  }
  const toChange = states.filter((s) => s.question.status !== status);
  for (const state of toChange) {
    const keyPoints = keyPointProblems({ ...state.question, status });
    if (keyPoints.length) {
      problems[state.question.slug] = keyPoints;
      continue;
    }
    const report = await validationFor({ ...state.question, status }, state.question);
    if (report && !report.ok) problems[state.question.slug] = report.problems;
  }
  if (Object.keys(problems).length) {
    throw new AppError("INVALID_INPUT", `Nothing was ${status === "published" ? "published" : "unpublished"}: ${Object.keys(problems).length} question(s) cannot be.`, problems);
  }
  try {
    const changed = await prisma.$transaction(
      async (tx) => {
        const out: SetStatusResult["changed"] = [];
        for (const state of toChange) {
          const written = await writeQuestion(tx, { ...state.question, status }, {
            existing: { id: state.id, version: state.version },
            authorId: admin.id,
            summary: `status: ${state.question.status} → ${status}`,
          });
          await recordAudit(tx, admin, status === "published" ? "question.publish" : "question.unpublish", questionTarget(state.question.slug), { version: written.version });
          out.push({ slug: state.question.slug, version: written.version });
        }
        return out;
      },
      { timeout: 60_000 },
    );
    return { changed, unchanged: states.filter((s) => s.question.status === status).map((s) => s.question.slug) };
  } catch (error) {
    if (error instanceof VersionConflict) throw new AppError("CONFLICT", CONFLICT_MESSAGE);
    throw error;
  }
}
