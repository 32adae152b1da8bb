/**
 * First start: make sure an admin exists. Uses ADMIN_EMAIL / ADMIN_PASSWORD when given; otherwise creates
 * admin@clockwise.local with a generated one-time password that the caller prints once (it is never stored in
 * clear). If ADMIN_EMAIL names an existing account, that account is promoted. Later starts change nothing.
 *
 * @example
 *   const admin = await ensureAdmin({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
 *   if (admin.generatedPassword) log(`admin: ${admin.email} / ${admin.generatedPassword}`);
 */
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db/client";

export const DEFAULT_ADMIN_EMAIL = "admin@clockwise.local";

export interface EnsureAdminResult {
  created: boolean;
  /** An existing account named by ADMIN_EMAIL was made admin. */
  promoted: boolean;
  email: string;
  /** Only when this call created the admin without a configured password. */
  generatedPassword?: string;
}

export async function ensureAdmin(options: { email?: string; password?: string } = {}): Promise<EnsureAdminResult> {
  const email = (options.email ?? DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  const named = await prisma.user.findUnique({ where: { email }, select: { id: true, role: true } });
  if (named) {
    if (named.role === "admin") return { created: false, promoted: false, email };
    if (options.email) {
      await prisma.$transaction([
        prisma.user.update({ where: { id: named.id }, data: { role: "admin" } }),
        prisma.auditLog.create({ data: { action: "user.role", target: `user:${named.id}`, details: { role: "admin", by: "ADMIN_EMAIL" } } }),
      ]);
      return { created: false, promoted: true, email };
    }
  }
  const existingAdmin = await prisma.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" }, select: { email: true } });
  if (existingAdmin) return { created: false, promoted: false, email: existingAdmin.email };

  const generatedPassword = options.password ? undefined : randomBytes(12).toString("base64url");
  const password = options.password ?? generatedPassword!;
  // Through better-auth so the hash and the credential account are exactly what sign-in expects. Imported here:
  // loading better-auth costs ~1 s and later starts never get this far.
  const { getAuth } = await import("./auth");
  const { user } = await getAuth().api.signUpEmail({ body: { email, password, name: "Admin" } });
  await prisma.$transaction([
    prisma.user.update({ where: { id: user.id }, data: { role: "admin", emailVerified: true } }),
    // signUpEmail signs the new user in; nobody holds that session.
    prisma.session.deleteMany({ where: { userId: user.id } }),
    prisma.auditLog.create({ data: { action: "user.create-admin", target: `user:${user.id}`, details: { email } } }),
  ]);
  return { created: true, promoted: false, email, ...(generatedPassword ? { generatedPassword } : {}) };
}
