import "server-only";
/**
 * The audit log of admin actions, newest first, filterable by action prefix ("question.") or target.
 *
 * @example
 *   await listAuditLog({ actor, filter: { action: "question.publish" } })
 *   // → { total: 3, rows: [{ action: "question.publish", target: "question:semantic-vector", actor: { email: "…" }, createdAt }] }
 */
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { likeLiteral } from "@/lib/db/literal-search";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { assertAdmin } from "./admin-actor";

export interface AuditEntry {
  id: string;
  action: string;
  target: string;
  details: unknown;
  createdAt: Date;
  actor: { id: string; name: string; email: string } | null;
}

export async function listAuditLog({
  actor,
  filter = {},
}: {
  actor: Actor;
  filter?: { action?: string; target?: string; page?: number; pageSize?: number };
}): Promise<{ total: number; page: number; pageSize: number; rows: AuditEntry[] }> {
  assertAdmin(actor);
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(filter.pageSize ?? 50)));
  const where: Prisma.AuditLogWhereInput = {
    ...(filter.action ? { action: { startsWith: likeLiteral(filter.action) } } : {}),
    ...(filter.target ? { target: { contains: likeLiteral(filter.target) } } : {}),
  };
  const [total, rows] = await Promise.all([
    prisma.auditLog.count({ where }),
    prisma.auditLog.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, action: true, target: true, details: true, createdAt: true, actor: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  return { total, page, pageSize, rows };
}
