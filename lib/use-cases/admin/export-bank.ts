import "server-only";
/**
 * Export the bank (or a selection) as a JSON bundle: every non-deleted question, drafts included, with references
 * and hidden tests (this is an admin backup, not candidate content). Importing the result changes nothing.
 *
 * @example
 *   const bundle = await exportBank({ actor });                         // whole bank
 *   const some = await exportBank({ actor, slugs: ["semantic-vector"] });
 */
import { makeBundle, type Bundle } from "@/lib/bank/bundle";
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { questionFromRow, questionWithCurrentSnapshot } from "./question-state";
import { assertAdmin } from "./admin-actor";
import { recordAudit } from "./audit";
import { postgresRejects } from "@/lib/db/postgres-text";

export async function exportBank({ actor, slugs }: { actor: Actor; slugs?: string[] }): Promise<Bundle> {
  const admin = assertAdmin(actor);
  const rows = await prisma.question.findMany({
    where: { deletedAt: null, ...(slugs ? { slug: { in: slugs.filter((slug) => !postgresRejects(slug)) } } : {}) },
    include: questionWithCurrentSnapshot,
    orderBy: { slug: "asc" },
  });
  if (slugs) {
    const missing = slugs.filter((slug) => !rows.some((r) => r.slug === slug));
    if (missing.length) throw new AppError("NOT_FOUND", `No question ${missing.map((s) => `"${s}"`).join(", ")}.`);
  }
  await recordAudit(prisma, admin, "bank.export", slugs ? `questions:${rows.length}` : "bank", { count: rows.length, ...(slugs ? { slugs } : {}) });
  return makeBundle(rows.map(questionFromRow));
}
