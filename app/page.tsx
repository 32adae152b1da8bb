import type { Metadata } from "next";
import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: { absolute: `Clockwise · ${t("home.title")}` }, description: t("home.lead") };
}

/** The landing page: what Clockwise is and where to start (issue 18.10). Static per language, no database read. */
export default async function Home() {
  const { t } = await getTranslator();
  const entries = [
    { href: "/questions", title: t("home.questions"), text: t("home.questionsText") },
    { href: "/review", title: t("home.review"), text: t("home.reviewText") },
    { href: "/playground", title: t("home.playground"), text: t("home.playgroundText") },
  ];
  return (
    <div className="landing stack" style={{ gap: 16, maxWidth: 860 }}>
      <h1>{t("home.title")}</h1>
      <p className="landing-lead">{t("home.lead")}</p>
      <ul className="landing-links grid-2" data-testid="landing-links">
        {entries.map((e) => (
          <li key={e.href} className="card">
            <h2 className="landing-link-title">
              <Link prefetch={false} href={e.href}>{e.title}</Link>
            </h2>
            <p className="muted">{e.text}</p>
          </li>
        ))}
      </ul>
      <p className="muted small">{t("home.languages")}</p>
    </div>
  );
}
