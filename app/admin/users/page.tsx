/** /admin/users: account tools for admins (password reset). The admin layout answers 404 to everyone else. */
import { ResetPasswordForm } from "./reset-password-form";

export const dynamic = "force-dynamic";

export default function AdminUsersPage() {
  return (
    <section>
      <h1>Users</h1>
      <h2>Reset a password</h2>
      <p className="muted">Sets a random one-time password and signs the account out everywhere.</p>
      <ResetPasswordForm />
    </section>
  );
}
