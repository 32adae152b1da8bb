import "server-only";
/**
 * One question as the editor needs it: the full bank-format question (references and hidden tests included), the
 * version to send back when saving, and whether it is deleted. Admin only.
 *
 * @example
 *   const { question, version } = await getAdminQuestion({ actor, slug: "semantic-vector" });
 */
import type { Question } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertAdmin } from "./admin-actor";
import { loadQuestionState } from "./question-state";

export async function getAdminQuestion({ actor, slug }: { actor: Actor; slug: string }): Promise<{ question: Question; version: number; deletedAt: Date | null; updatedAt: Date }> {
  assertAdmin(actor);
  const state = await loadQuestionState(prisma, slug);
  if (!state) throw new AppError("NOT_FOUND", `No question "${slug}".`);
  return { question: state.question, version: state.version, deletedAt: state.deletedAt, updatedAt: state.updatedAt };
}

/** Tags in use across the bank, most used first (for the editor's autocomplete). */
export async function listTagsInUse({ actor }: { actor: Actor }): Promise<{ tag: string; count: number }[]> {
  assertAdmin(actor);
  const rows = await prisma.$queryRaw<{ tag: string; count: bigint }[]>`SELECT unnest(tags) AS tag, count(*) AS count FROM "Question" WHERE "deletedAt" IS NULL GROUP BY 1 ORDER BY 2 DESC, 1`;
  return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }));
}
