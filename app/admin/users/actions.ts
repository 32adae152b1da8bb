"use server";
/**
 * Admin: reset a user's password to a one-time password shown once (lib/use-cases/admin/reset-user-password.ts
 * checks the admin; a candidate or guest calling this gets FORBIDDEN/UNAUTHORIZED).
 */
import { currentActor } from "@/lib/auth/guards";
import { resetUserPassword } from "@/lib/use-cases/admin/reset-user-password";
import { toActionResult, type ActionResult } from "@/lib/web/action-result";

export async function resetPasswordAction(email: string): Promise<ActionResult<{ email: string; password: string; sessionsEnded: number }>> {
  return toActionResult(async () => resetUserPassword({ actor: await currentActor(), email: String(email ?? "") }), { action: "resetPassword" });
}
