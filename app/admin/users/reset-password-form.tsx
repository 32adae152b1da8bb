"use client";
/** Email → one-time password, shown once in this form and nowhere else (not stored in clear, not logged). */
import { useState, useTransition } from "react";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm() {
  const [email, setEmail] = useState("");
  const [result, setResult] = useState<{ email: string; password: string; sessionsEnded: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        setResult(null);
        startTransition(async () => {
          const answer = await resetPasswordAction(email);
          if (answer.ok) setResult(answer.value);
          else setError(answer.message);
        });
      }}
    >
      <label>
        Account email
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={254} autoComplete="off" />
      </label>
      <button type="submit" className="primary" disabled={pending || !email}>
        Reset password
      </button>
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="banner banner-ok" role="status">
          <p>
            New one-time password for <strong>{result.email}</strong> (shown once; {result.sessionsEnded} session(s) signed out):
          </p>
          <p>
            <code data-testid="one-time-password">{result.password}</code>
          </p>
          <p className="small">Hand it over privately; the user should change it under Account after signing in.</p>
        </div>
      ) : null}
    </form>
  );
}
