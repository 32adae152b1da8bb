import "server-only";
/**
 * An admin resets a user's password: a random one-time password replaces it (hashed with better-auth's scrypt, as
 * sign-in expects), every session of that user ends, and the audit log records who did it. The password is returned
 * once for the admin to hand over; it is never stored in clear or logged. The user should change it at /account.
 *
 * @example
 *   const { email, password } = await resetUserPassword({ actor, email: "ada@example.test" });
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { getAuth } from "@/lib/auth/auth";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertAdmin } from "./admin-actor";
import { recordAudit } from "./audit";

const Email = z.string().trim().toLowerCase().email().max(254);

export async function resetUserPassword({ actor, email }: { actor: Actor; email: string }): Promise<{ email: string; password: string; sessionsEnded: number }> {
  const admin = assertAdmin(actor);
  const parsed = Email.safeParse(email);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "Enter the account's email address.", { email: ["not an email address"] });
  const user = await prisma.user.findUnique({ where: { email: parsed.data }, select: { id: true, email: true } });
  if (!user) throw new AppError("NOT_FOUND", "No account has this email address.");
  const password = randomBytes(12).toString("base64url");
  const hash = await (await getAuth().$context).password.hash(password);
  const sessionsEnded = await prisma.$transaction(async (tx) => {
    const updated = await tx.account.updateMany({ where: { userId: user.id, providerId: "credential" }, data: { password: hash } });
    if (updated.count === 0) await tx.account.create({ data: { id: randomBytes(16).toString("hex"), userId: user.id, accountId: user.id, providerId: "credential", password: hash } });
    const { count } = await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, admin, "user.password-reset", `user:${user.id}`, { sessionsEnded: count });
    return count;
  });
  return { email: user.email, password, sessionsEnded };
}
