/**
 * First start: make sure an admin exists. Uses ADMIN_EMAIL / ADMIN_PASSWORD when given; otherwise creates
 * admin@clockwise.local with a generated one-time password that the caller prints once (it is never stored in
 * clear). Later starts change nothing.
 *
 * An existing account is never promoted (issue 16: anyone could register ADMIN_EMAIL before the first start and
 * become admin at it). When ADMIN_EMAIL names an account that is not an admin, that account stays a candidate,
 * `refused` says so, and — if no admin exists yet — the admin is created at the default address instead (or a
 * free admin-<random>@clockwise.local) with a printed one-time password. ADR 0907.
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
  /** Always false: an existing account is never made admin (kept for callers that log it). */
  promoted: boolean;
  /** ADMIN_EMAIL named an existing non-admin account, which was left as it is. */
  refused?: string;
  email: string;
  /** Only when this call created the admin without a configured password. */
  generatedPassword?: string;
}

export async function ensureAdmin(options: { email?: string; password?: string } = {}): Promise<EnsureAdminResult> {
  let email = (options.email ?? DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  let refused: string | undefined;
  const named = await prisma.user.findUnique({ where: { email }, select: { id: true, role: true } });
  if (named?.role === "admin") return { created: false, promoted: false, email };
  if (named) refused = email;
  const existingAdmin = await prisma.user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" }, select: { email: true } });
  if (existingAdmin) return { created: false, promoted: false, email: existingAdmin.email, ...(refused ? { refused } : {}) };

  // The named address belongs to someone who registered it; the admin gets an address nobody holds.
  let password = options.password;
  if (refused) {
    password = undefined; // ADMIN_PASSWORD was meant for ADMIN_EMAIL; print a one-time password for the new address
    email = (await prisma.user.findUnique({ where: { email: DEFAULT_ADMIN_EMAIL }, select: { id: true } }))
      ? `admin-${randomBytes(4).toString("hex")}@clockwise.local`
      : DEFAULT_ADMIN_EMAIL;
  }
  const generatedPassword = password ? undefined : randomBytes(12).toString("base64url");
  password ??= generatedPassword!;
  // Through better-auth so the hash and the credential account are exactly what sign-in expects. Imported here:
  // loading better-auth costs ~1 s and later starts never get this far.
  const { getAuth } = await import("./auth");
  const { user } = await getAuth().api.signUpEmail({ body: { email, password, name: "Admin" } });
  await prisma.$transaction([
    prisma.user.update({ where: { id: user.id }, data: { role: "admin", emailVerified: true } }),
    // signUpEmail signs the new user in; nobody holds that session.
    prisma.session.deleteMany({ where: { userId: user.id } }),
    prisma.auditLog.create({ data: { action: "user.create-admin", target: `user:${user.id}`, details: { email, ...(refused ? { refusedToPromote: refused } : {}) } } }),
  ]);
  return { created: true, promoted: false, email, ...(generatedPassword ? { generatedPassword } : {}), ...(refused ? { refused } : {}) };
}
