import type { Metadata } from "next";
import Link from "next/link";
import { getRequestActor } from "@/lib/auth/request-actor";
import { getTranslator } from "@/lib/i18n/server";
import { getProgress, type ProgressBucket } from "@/lib/use-cases/progress/get-progress";
import { listRecentSubmissions } from "@/lib/use-cases/progress/list-recent-activity";
import { StageChart } from "@/app/components/stage-chart";
import { VerdictBadge } from "@/app/components/submission-results";
import type { MessageKey } from "@/lib/i18n/messages";
import { TAGS } from "@/lib/bank/tags";

// The tab title follows the UI language (WCAG 3.1.2: zh pages had English titles).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator()).t("nav.progress") };
}
export const dynamic = "force-dynamic";

function Buckets({ rows, label, heading, t }: { rows: ProgressBucket[]; label: (key: string) => string; heading: string; t: (k: MessageKey) => string }) {
  return (
    <table className="list compact">
      <thead>
        <tr>
          {/* Not an empty header cell: screen readers announce what the row headers are (issue 18.11). */}
          <th scope="col"><span className="visually-hidden">{heading}</span></th>
          <th scope="col">{t("progress.solved")}</th>
          <th scope="col">{t("progress.attempted")}</th>
          <th scope="col">{t("progress.total")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">
              {label(r.key)}
              <div className="meter" aria-hidden="true"><span style={{ width: `${r.total ? Math.round((r.solved / r.total) * 100) : 0}%` }} /></div>
            </th>
            <td>{r.solved}</td>
            <td>{r.attempted}</td>
            <td>{r.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function ProgressPage() {
  const { locale, t } = await getTranslator();
  const actor = await getRequestActor();
  if (!actor) {
    return (
      <>
        <h1>{t("progress.title")}</h1>
        <p><Link className="button" href="/sign-in?next=%2Fprogress">{t("progress.signIn")}</Link></p>
      </>
    );
  }
  const [progress, recent] = await Promise.all([getProgress({ actor }), listRecentSubmissions({ actor, locale, limit: 15 })]);
  const s = progress.stages;
  const ref = s.refInputMs !== null && s.refForwardMs !== null && s.refPostMs !== null ? { inputMs: s.refInputMs, forwardMs: s.refForwardMs, postMs: s.refPostMs } : null;
  return (
    <>
      <h1>{t("progress.title")}</h1>
      <div className="grid-2">
        <section className="card">
          <h2>{t("progress.byDifficulty")}</h2>
          <Buckets rows={progress.byDifficulty} t={t} heading={t("progress.byDifficulty")} label={(k) => t(`questions.difficulty.${k}` as MessageKey)} />
        </section>
        <section className="card">
          <h2>{t("progress.byTopic")}</h2>
          <Buckets rows={progress.byTopic} t={t} heading={t("progress.byTopic")} label={(k) => (k in TAGS ? TAGS[k as keyof typeof TAGS][locale] : k)} />
        </section>
      </div>
      <section className="card" style={{ marginTop: 16 }}>
        <h2>{t("progress.stages")}</h2>
        {s.tests > 0 ? (
          <StageChart locale={locale} rows={[{ label: `n=${s.tests}`, stages: { inputMs: s.inputMs, forwardMs: s.forwardMs, postMs: s.postMs }, ref }]} />
        ) : (
          <p className="muted">{t("progress.none")}</p>
        )}
      </section>
      <section style={{ marginTop: 16 }}>
        <h2>{t("progress.recent")}</h2>
        {recent.length === 0 ? (
          <p className="muted">{t("progress.none")}</p>
        ) : (
          <table className="list">
            <tbody>
              {recent.map((r) => (
                <tr key={r.id}>
                  <td><Link href={`/questions/${r.questionSlug}`}>{r.questionTitle}</Link></td>
                  <td className="hide-narrow muted">{r.language} · {t(r.mode === "run" ? "results.modeRun" : "results.modeSubmit")}</td>
                  <td><VerdictBadge verdict={r.verdict} locale={locale} /></td>
                  <td className="hide-narrow muted">{r.createdAt.toLocaleString(locale === "zh" ? "zh-CN" : "en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
