import "server-only";
/**
 * Soft delete and restore. A deleted question disappears from the bank and the editor but keeps its rows,
 * versions and submissions; restoring brings it back as it was. All or nothing; one AuditLog row per question.
 *
 * @example
 *   await deleteQuestions({ actor, slugs: ["old-question"] });   // → { changed: ["old-question"] }
 *   await restoreQuestions({ actor, slugs: ["old-question"] });  // → { changed: ["old-question"] }
 */
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertAdmin } from "./admin-actor";
import { questionTarget, recordAudit } from "./audit";
import { noteBankWrite } from "@/lib/db/questions/bank-changes";

async function setDeleted(actor: Actor, slugs: string[], deleted: boolean): Promise<{ changed: string[] }> {
  const admin = assertAdmin(actor);
  const unique = [...new Set(slugs)];
  if (unique.length === 0) throw new AppError("INVALID_INPUT", "Select at least one question.");
  // After the commit, this process's cached public views go at once (others hear the database's NOTIFY; ADR 1105).
  return prisma.$transaction(async (tx) => {
    const rows = await tx.question.findMany({ where: { slug: { in: unique } }, select: { id: true, slug: true, deletedAt: true } });
    const missing = unique.filter((slug) => !rows.some((r) => r.slug === slug));
    if (missing.length) throw new AppError("NOT_FOUND", `No question ${missing.map((s) => `"${s}"`).join(", ")}.`);
    const changed: string[] = [];
    for (const row of rows) {
      if ((row.deletedAt !== null) === deleted) continue;
      await tx.question.update({ where: { id: row.id }, data: { deletedAt: deleted ? new Date() : null } });
      await recordAudit(tx, admin, deleted ? "question.delete" : "question.restore", questionTarget(row.slug));
      changed.push(row.slug);
    }
    return { changed };
  }).finally(noteBankWrite);
}

export function deleteQuestions({ actor, slugs }: { actor: Actor; slugs: string[] }): Promise<{ changed: string[] }> {
  return setDeleted(actor, slugs, true);
}

export function restoreQuestions({ actor, slugs }: { actor: Actor; slugs: string[] }): Promise<{ changed: string[] }> {
  return setDeleted(actor, slugs, false);
}
