import type { Metadata } from "next";
import Link from "next/link";
import { getRequestActor } from "@/lib/auth/request-actor";
import { getTranslator } from "@/lib/i18n/server";
import { TAGS, TAG_NAMES } from "@/lib/bank/tags";
import { formatRelative } from "@/lib/i18n/relative-time";
import { listMockSessions } from "@/lib/use-cases/mock/list-mock-sessions";
import { MockStartForm } from "./start-form";

// The tab title follows the UI language (WCAG 3.1.2: zh pages had English titles).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator()).t("nav.mock") };
}
export const dynamic = "force-dynamic";

export default async function MockPage() {
  const { locale, t } = await getTranslator();
  const actor = await getRequestActor();
  if (!actor) {
    return (
      <>
        <h1>{t("mock.title")}</h1>
        <p className="muted">{t("mock.intro")}</p>
        <p><Link className="button" href="/sign-in?next=%2Fmock">{t("mock.signIn")}</Link></p>
      </>
    );
  }
  const now = new Date();
  const history = await listMockSessions({ actor });
  const topicLabel = (tag: string) => (tag in TAGS ? TAGS[tag as keyof typeof TAGS][locale] : tag);
  return (
    <>
      <h1>{t("mock.title")}</h1>
      <p className="muted">{t("mock.intro")}</p>
      <MockStartForm locale={locale} topics={TAG_NAMES.map((tag) => ({ tag, label: TAGS[tag][locale] }))} />
      <h2>{t("mock.history")}</h2>
      {history.length === 0 ? (
        <p className="muted">{t("mock.historyEmpty")}</p>
      ) : (
        <table className="list" data-testid="mock-history">
          <thead>
            <tr>
              <th scope="col">{t("mock.topic")}</th>
              <th scope="col">{t("mock.duration")}</th>
              <th scope="col">{t("mock.col.answered")}</th>
              <th scope="col">{t("mock.col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((s) => {
              const live = s.status === "active" && s.deadline > now;
              return (
                <tr key={s.id} data-testid="mock-history-row" data-id={s.id}>
                  <td>
                    <Link href={`/mock/${s.id}`}>{topicLabel(s.tag)}</Link>
                    <div className="muted small"><time dateTime={s.startedAt.toISOString()}>{formatRelative(s.startedAt, now, locale)}</time></div>
                  </td>
                  <td>{t("mock.minutes", { n: s.minutes })}</td>
                  <td>{s.answered}/{s.questions}</td>
                  <td>
                    <Link href={`/mock/${s.id}`}>{live ? t("mock.resume") : t("mock.viewReport")}</Link>
                    <span className="muted small"> · {t(live ? "mock.status.active" : "mock.status.finished")}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
