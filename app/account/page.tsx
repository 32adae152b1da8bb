/**
 * /account: the signed-in user's own settings — change the password, optionally signing out every other session
 * (better-auth's changePassword with revokeOtherSessions). Guests are sent to sign in.
 */
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getRequestUser } from "@/lib/auth/request-actor";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/auth";
import { getLocale } from "@/lib/i18n/server";
import { accountMessages } from "@/lib/i18n/account-messages";
import { ChangePasswordForm } from "./change-password-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: accountMessages(await getLocale()).title, robots: { index: false } };
}

export default async function AccountPage() {
  const user = await getRequestUser();
  if (!user) redirect("/sign-in?next=/account");
  const m = accountMessages(await getLocale());
  return (
    <section className="card" style={{ maxWidth: 480 }}>
      <h1>{m.title}</h1>
      <p className="muted">{m.signedInAs.replace("{email}", user.email)}</p>
      <h2>{m.changePassword}</h2>
      <ChangePasswordForm messages={m} minLength={PASSWORD_MIN_LENGTH} maxLength={PASSWORD_MAX_LENGTH} />
    </section>
  );
}
