import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/guards";
// The markdown preview renders math with KaTeX, exactly like the candidate page (which imports the same sheet).
import "katex/dist/katex.min.css";
import "./admin.css";
import { getTranslator } from "@/lib/i18n/server";

// The tab title follows the UI language (WCAG 3.1.2: zh pages had English titles).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator()).t("nav.admin"), robots: { index: false } };
}

/**
 * The admin area's frame. Hiding it from non-admins here is for the UI only (a 404, so its existence is not
 * advertised); every read and write below is checked again by the admin use cases in lib/use-cases/admin.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  if (actor?.role !== "admin") notFound();
  return (
    <div className="admin">
      <nav aria-label="Admin" className="admin-nav">
        <strong>Admin</strong>
        <Link href="/admin/questions">Questions</Link>
        <Link href="/admin/questions/new">New question</Link>
        <Link href="/admin/import">Import / export</Link>
        <Link href="/admin/audit">Audit log</Link>
        <Link href="/admin/users">Users</Link>
      </nav>
      {children}
    </div>
  );
}
