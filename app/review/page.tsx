import type { Metadata } from "next";
import Link from "next/link";
import { getRequestActor } from "@/lib/auth/request-actor";
import { getTranslator } from "@/lib/i18n/server";
import { listReviewQueue, type ReviewItem } from "@/lib/use-cases/review/list-review-queue";
import type { MessageKey } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/bank/schema";
import { RecallRating } from "@/app/components/recall-rating";

export const metadata: Metadata = { title: "Review" };
export const dynamic = "force-dynamic";

function ItemList({ items, t, locale, rate }: { items: ReviewItem[]; t: (k: MessageKey, v?: Record<string, string | number>) => string; locale: Locale; rate: boolean }) {
  return (
    <table className="list">
      <thead>
        <tr>
          <th scope="col">{t("questions.col.title")}</th>
          <th scope="col" className="hide-narrow">{t("questions.col.kind")}</th>
          <th scope="col" className="hide-narrow">{t("questions.col.difficulty")}</th>
          <th scope="col">{t("review.open")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.questionId} data-testid="review-item">
            <td>
              <Link href={`/questions/${item.slug}`}>{item.title}</Link>
              <div className="muted small">
                {t("review.dueAt", { date: item.due.toLocaleString(locale === "zh" ? "zh-CN" : "en") })} · {t(`review.state.${item.state}` as MessageKey)} ·{" "}
                {t("review.reps", { reps: item.reps, lapses: item.lapses })}
              </div>
            </td>
            <td className="hide-narrow">{t(`questions.kind.${item.kind}` as MessageKey)}</td>
            <td className={`hide-narrow difficulty-${item.difficulty}`}>{t(`questions.difficulty.${item.difficulty}` as MessageKey)}</td>
            <td>
              {rate ? <RecallRating slug={item.slug} locale={locale} /> : <Link href={`/questions/${item.slug}`}>{t("review.open")}</Link>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function ReviewPage() {
  const { locale, t } = await getTranslator();
  const actor = await getRequestActor();
  if (!actor) {
    return (
      <>
        <h1>{t("review.title")}</h1>
        <p><Link className="button" href="/sign-in?next=%2Freview">{t("review.signIn")}</Link></p>
      </>
    );
  }
  const queue = await listReviewQueue({ actor, locale });
  return (
    <>
      <h1>{t("review.title")}</h1>
      <p>
        <strong data-testid="review-due-count">{t("review.due", { n: queue.due.length })}</strong>
        {" · "}
        <span data-testid="review-streak">{t("review.streak", { n: queue.streak })}</span>
      </p>
      {queue.due.length > 0 ? <ItemList items={queue.due} t={t} locale={locale} rate /> : <p className="muted">{t("review.none")}</p>}
      {queue.upcoming.length > 0 ? (
        <>
          <h2>{t("review.upcoming")}</h2>
          <ItemList items={queue.upcoming} t={t} locale={locale} rate={false} />
        </>
      ) : null}
    </>
  );
}
