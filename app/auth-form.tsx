"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";
import { safeNextPath } from "@/lib/auth/next-path";

type Labels = { email: string; password: string; name: string; submit: string; working: string; failed: string };

/** Email + password form for both sign-in and sign-up; errors from the server are shown, never swallowed. */
export function AuthForm({ mode, labels }: { mode: "sign-in" | "sign-up"; labels: Labels }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Only same-site paths: anything else in ?next= would be an open redirect (lib/auth/next-path.ts says why).
  const next = safeNextPath(params.get("next"));

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    const res =
      mode === "sign-in"
        ? await authClient.signIn.email({ email, password })
        : await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "") });
    setBusy(false);
    if (res.error) {
      setError(labels.failed.replace("{message}", res.error.message ?? res.error.statusText ?? "error"));
      return;
    }
    router.push(next);
    router.refresh();
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate={false}>
      {mode === "sign-up" ? (
        <label>
          {labels.name}
          <input name="name" autoComplete="nickname" required maxLength={60} />
        </label>
      ) : null}
      <label>
        {labels.email}
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <label>
        {labels.password}
        <input
          name="password"
          type="password"
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          required
          minLength={8}
        />
      </label>
      <button className="primary" type="submit" disabled={busy}>
        {busy ? labels.working : labels.submit}
      </button>
      <p role="alert" className="error">
        {error}
      </p>
    </form>
  );
}
