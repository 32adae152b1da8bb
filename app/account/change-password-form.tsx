"use client";
/**
 * Current password + new password (twice) + "sign out my other sessions" (on by default: the usual reason to change
 * a password is that someone else may know it). Posts to better-auth's /api/auth/change-password.
 */
import { useState } from "react";
import { authClient } from "@/lib/auth/client";
import type { AccountMessages } from "@/lib/i18n/account-messages";

export function ChangePasswordForm({ messages: m, minLength, maxLength }: { messages: AccountMessages; minLength: number; maxLength: number }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const currentPassword = String(data.get("currentPassword") ?? "");
    const newPassword = String(data.get("newPassword") ?? "");
    const revokeOtherSessions = data.get("revokeOtherSessions") === "on";
    setError(null);
    setDone(null);
    if (newPassword !== String(data.get("confirmPassword") ?? "")) return setError(m.mismatch);
    if (newPassword.length < minLength) return setError(m.tooShort.replace("{n}", String(minLength)));
    setPending(true);
    try {
      const result = await authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions });
      if (result.error) {
        const status = result.error.status;
        setError(status === 429 ? m.rateLimited : result.error.code === "INVALID_PASSWORD" || status === 400 || status === 401 ? m.wrongPassword : m.failed);
      } else {
        form.reset();
        setDone(revokeOtherSessions ? m.changedOthersSignedOut : m.changed);
      }
    } catch {
      setError(m.failed);
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(event.currentTarget);
      }}
    >
      <label>
        {m.currentPassword}
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={maxLength} />
      </label>
      <label>
        {m.newPassword}
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={minLength} maxLength={maxLength} />
      </label>
      <label>
        {m.confirmPassword}
        <input name="confirmPassword" type="password" autoComplete="new-password" required minLength={minLength} maxLength={maxLength} />
      </label>
      <label className="checkbox">
        <input name="revokeOtherSessions" type="checkbox" defaultChecked /> {m.signOutOthers}
      </label>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? m.working : m.submit}
      </button>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? (
        <p className="banner banner-ok" role="status">
          {done}
        </p>
      ) : null}
    </form>
  );
}
