import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";
import { accountMessages } from "@/lib/i18n/account-messages";
import { getRequestUser } from "@/lib/auth/request-actor";
import { countDueReviews } from "@/lib/use-cases/review/count-due-reviews";
import { translatePlural } from "@/lib/i18n/plural";
import { LanguageSwitch } from "./language-switch";
import { SignOutButton } from "./sign-out-button";
import "./globals.css";

// Self-hosted: next/font/google would fetch from Google at build time, which this machine cannot reach.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  display: "swap",
  variable: "--font-inter",
});

export const metadata: Metadata = {
  title: { default: "Clockwise", template: "%s · Clockwise" },
  description: "Interview practice for LLM inference roles, graded on a real ONNX engine",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await getTranslator();
  const user = await getRequestUser();
  const actor = user ? { id: user.id, role: user.role } : null;
  // One indexed count per request; the badge is a convenience, so a failed count shows nothing rather than an error page.
  const due = actor ? await countDueReviews({ actor }).catch(() => 0) : 0;
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"} className={inter.variable}>
      <body>
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        <header className="site-header">
          {/* Header links are not prefetched: every page view would otherwise send the server two prefetch requests
              per link (~2 ms of CPU each, more than the page itself in total; docs/adr/1104-page-render-cost.md). */}
          <nav aria-label="Main" className="nav">
            <Link prefetch={false} href="/questions" className="brand">
              <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" style={{ verticalAlign: "-3px" }}>
                <circle cx="12" cy="13" r="8" fill="none" stroke="currentColor" strokeWidth="2" />
                <path d="M12 9v4l3 2M10 2h4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              </svg>{" "}
              {t("app.name")}
            </Link>
            <Link prefetch={false} href="/questions">{t("nav.questions")}</Link>
            <Link prefetch={false} href="/review" aria-label={due > 0 ? `${t("nav.review")}: ${translatePlural(locale, "nav.dueLabel", due)}` : undefined}>
              {t("nav.review")}
              {due > 0 ? (
                <span className="due-badge" data-testid="nav-due-count" aria-hidden="true" style={{ marginLeft: 4, padding: "0 6px", borderRadius: 999, fontSize: "0.75rem", fontWeight: 600, background: "var(--accent)", color: "var(--accent-fg)" }}>
                  {due}
                </span>
              ) : null}
            </Link>
            <Link prefetch={false} href="/progress">{t("nav.progress")}</Link>
            <Link prefetch={false} href="/playground">{t("nav.playground")}</Link>
            <Link prefetch={false} href="/mock">{t("nav.mock")}</Link>
            {actor?.role === "admin" ? <Link prefetch={false} href="/admin">{t("nav.admin")}</Link> : null}
            <span className="spacer" />
            <LanguageSwitch label={t("nav.language")} next={locale === "zh" ? "en" : "zh"} />
            {user ? (
              <>
                <span className="muted small user-name" data-testid="user-name" title={t("nav.signedInAs", { name: user.displayName || user.name || user.email })}>
                  {user.displayName || user.name || user.email}
                </span>
                <Link prefetch={false} href="/account" className="small">{accountMessages(locale).nav}</Link>
                <SignOutButton label={t("nav.signOut")} />
              </>
            ) : (
              <>
                <Link prefetch={false} href="/sign-in">{t("nav.signIn")}</Link>
                <Link prefetch={false} href="/sign-up" className="button">
                  {t("nav.signUp")}
                </Link>
              </>
            )}
          </nav>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
