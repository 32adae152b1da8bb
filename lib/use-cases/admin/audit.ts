/**
 * One AuditLog row per admin action, written in the same transaction as the change it records (so a rolled-back
 * change leaves no audit row claiming it happened).
 *
 * @example
 *   await recordAudit(tx, admin, "question.publish", "question:semantic-vector", { version: 4 });
 */
import type { Prisma } from "@/lib/db/generated/prisma/client";
import type { Db } from "@/lib/db/questions/question-record";
import type { AdminActor } from "./admin-actor";

export async function recordAudit(db: Db, actor: AdminActor, action: string, target: string, details: Record<string, unknown> = {}): Promise<void> {
  await db.auditLog.create({ data: { actorId: actor.id, action, target, details: details as Prisma.InputJsonValue } });
}

export const questionTarget = (slug: string) => `question:${slug}`;
