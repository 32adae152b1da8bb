import "server-only";
/**
 * One submission with its per-test results. Owners see their own; admins see any. The owner check is part of the
 * query (`where: { id, userId }`), so someone else's submission is indistinguishable from a missing one: NOT_FOUND.
 *
 * @example
 *   const s = await getSubmission({ actor, id: params.id }); // s.results[0].forwardMs
 */
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { postgresRejects } from "@/lib/db/postgres-text";
import { submissionWithResults, toSubmissionView, type SubmissionView } from "@/lib/db/submissions/submission-view";

export async function getSubmission({ actor, id }: { actor: Actor; id: string }): Promise<SubmissionView> {
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in first.");
  if (postgresRejects(id)) throw new AppError("NOT_FOUND", "No such submission.");
  const admin = actor.role === "admin";
  const row = await prisma.submission.findFirst({
    where: admin ? { id } : { id, userId: actor.id },
    include: submissionWithResults,
  });
  if (!row) throw new AppError("NOT_FOUND", "No such submission.");
  return toSubmissionView(row, admin);
}
