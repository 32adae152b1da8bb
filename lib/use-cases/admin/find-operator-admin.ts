import "server-only";
/**
 * The admin an operator's command acts as (`npm run bank -- … --as EMAIL`). Whoever runs the CLI already holds
 * DATABASE_URL, so this is attribution for the audit log, not a permission check: the named user must be an
 * admin, and without a name the oldest admin is used.
 *
 * @example
 *   const actor = await findOperatorAdmin({ email: "ops@example.com" }); // → { id: "…", role: "admin" }
 */
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AdminActor } from "./admin-actor";

export async function findOperatorAdmin({ email }: { email?: string } = {}): Promise<AdminActor & { email: string }> {
  const user = await prisma.user.findFirst({
    where: { role: "admin", ...(email ? { email: email.toLowerCase() } : {}) },
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true },
  });
  if (!user) {
    throw new AppError("NOT_FOUND", email ? `No admin with email ${email}.` : "There is no admin user yet (npm start creates one on first run).");
  }
  return { id: user.id, role: "admin", email: user.email };
}
