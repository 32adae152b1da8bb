import type { Metadata } from "next";
import Link from "next/link";
import { getRequestActor } from "@/lib/auth/request-actor";
import { getTranslator } from "@/lib/i18n/server";
import { listReviewQueue, type ReviewItem } from "@/lib/use-cases/review/list-review-queue";
import { getReviewCard } from "@/lib/use-cases/review/get-review-card";
import { isAppError } from "@/lib/errors";
import { renderMarkdown } from "@/lib/bank/markdown";
import type { MessageKey } from "@/lib/i18n/messages";
import { translatePlural } from "@/lib/i18n/plural";
import { formatRelative } from "@/lib/i18n/relative-time";
import type { Locale } from "@/lib/bank/schema";
import { ReviewSession, type ReviewCardProps } from "./review-session";

// The tab title follows the UI language (WCAG 3.1.2: zh pages had English titles).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator()).t("nav.review") };
}
export const dynamic = "force-dynamic";

function ItemList({ items, t, locale, now, caption }: { items: ReviewItem[]; t: (k: MessageKey, v?: Record<string, string | number>) => string; locale: Locale; now: Date; caption: string }) {
  return (
    <table className="list">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("questions.col.title")}</th>
          <th scope="col" className="hide-narrow">{t("questions.col.kind")}</th>
          <th scope="col" className="hide-narrow">{t("questions.col.difficulty")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.questionId} data-testid="review-item" data-slug={item.slug}>
            <td>
              <Link href={`/questions/${item.slug}`}>{item.title}</Link>
              <div className="muted small">
                <time dateTime={item.due.toISOString()} title={item.due.toLocaleString(locale === "zh" ? "zh-CN" : "en")}>
                  {t("review.dueRelative", { when: formatRelative(item.due, now, locale) })}
                </time>{" "}
                · {t(`review.state.${item.state}` as MessageKey)} · {translatePlural(locale, "review.repsCount", item.reps)}, {translatePlural(locale, "review.lapsesCount", item.lapses)}
              </div>
            </td>
            <td className="hide-narrow">{t(`questions.kind.${item.kind}` as MessageKey)}</td>
            <td className={`hide-narrow difficulty-${item.difficulty}`}>{t(`questions.difficulty.${item.difficulty}` as MessageKey)}</td>
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
  const now = new Date();
  const queue = await listReviewQueue({ actor, locale, now });
  let current: ReviewCardProps | null = null;
  for (const item of queue.due.slice(0, 3)) {
    try {
      const view = await getReviewCard({ actor, slug: item.slug, locale, now });
      current = {
        slug: view.slug,
        kind: view.kind,
        title: view.prompt.title,
        contentLocale: view.contentLocale,
        promptHtml: renderMarkdown(view.prompt.body).html,
        answerHtml: renderMarkdown(view.reveal.answer).html,
        explanationHtml: renderMarkdown(view.reveal.explanation).html,
        keyPoints: view.reveal.keyPoints,
        lastAnswer: view.reveal.lastAnswer ? { text: view.reveal.lastAnswer.text, rated: view.reveal.lastAnswer.rated } : null,
        lastSubmitVerdict: view.reveal.lastSubmit?.verdict ?? null,
        preview: view.preview,
        position: 1,
        total: queue.due.length,
      };
      break;
    } catch (error) {
      // Unpublished between the two reads: skip to the next due card.
      if (!(isAppError(error) && error.code === "NOT_FOUND")) throw error;
    }
  }
  const next = queue.upcoming[0];
  return (
    <>
      <h1>{t("review.title")}</h1>
      <p>
        <strong data-testid="review-due-count">{translatePlural(locale, "review.dueCount", queue.due.length)}</strong>
        {" · "}
        <span data-testid="review-streak">{translatePlural(locale, "review.streakDays", queue.streak)}</span>
      </p>
      {current ? (
        <ReviewSession key={`${current.slug}:${queue.reviewedToday}`} card={current} locale={locale} />
      ) : (
        <p className="muted" data-testid="review-empty">
          {next ? t("review.done", { when: formatRelative(next.due, now, locale) }) : queue.reviewedToday > 0 ? t("review.doneNothing") : t("review.none")}
        </p>
      )}
      {queue.due.length > 1 ? (
        <>
          <h2>{t("review.due", { n: queue.due.length })}</h2>
          <ItemList items={queue.due} t={t} locale={locale} now={now} caption={t("review.due", { n: queue.due.length })} />
        </>
      ) : null}
      {queue.upcoming.length > 0 ? (
        <>
          <h2>{t("review.upcoming")}</h2>
          <ItemList items={queue.upcoming} t={t} locale={locale} now={now} caption={t("review.upcoming")} />
        </>
      ) : null}
    </>
  );
}
