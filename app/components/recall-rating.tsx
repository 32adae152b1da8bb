"use client";
/**
 * "How well did you recall it?" — the four FSRS ratings as a step of the flow, each button showing when it would bring
 * the question back ("Good · 1d", ts-fsrs preview), then the next review as a relative time ("in 3 days"). Used after a
 * coding Submit and in the /review session; `onRated` lets the review session move to the next card.
 */
import { useEffect, useRef, useState, useTransition } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { formatInterval, formatRelative } from "@/lib/i18n/relative-time";
import { previewRecallAction, rateRecall, type RateResult } from "@/app/questions/[slug]/actions";

const RATINGS = ["again", "hard", "good", "easy"] as const;
type Rating = (typeof RATINGS)[number];

export interface RatingPreview {
  next: Record<Rating, string>;
  now: string;
}

export function RecallRating({ slug, locale, preview: given, onRated }: { slug: string; locale: Locale; preview?: RatingPreview; onRated?: (result: RateResult) => void }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const [preview, setPreview] = useState<RatingPreview | null>(given ?? null);
  const [rated, setRated] = useState<RateResult | null>(null);
  const [pending, start] = useTransition();
  const status = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (given) return;
    let live = true;
    previewRecallAction(slug).then((r) => live && r.ok && setPreview({ next: r.next, now: r.now }));
    return () => {
      live = false;
    };
  }, [slug, given]);

  useEffect(() => {
    // Focus follows the result, so keyboard and screen-reader users are not dropped to <body> (WCAG 2.4.3).
    if (rated) status.current?.focus();
  }, [rated]);

  const label = (r: Rating) => {
    const name = t(`rating.${r}` as MessageKey);
    if (!preview) return name;
    return t("rating.interval", { rating: name, interval: formatInterval(new Date(preview.next[r]).getTime() - new Date(preview.now).getTime(), locale) });
  };

  return (
    <div className="stack" data-testid="recall-rating">
      <strong id={`rate-${slug}`}>{t("concept.rate")}</strong>
      <div className="rating" role="group" aria-labelledby={`rate-${slug}`}>
        {RATINGS.map((r) => (
          <button
            key={r}
            type="button"
            className="secondary"
            disabled={pending || Boolean(rated?.ok)}
            onClick={() =>
              start(async () => {
                const result = await rateRecall(slug, r);
                setRated(result);
                onRated?.(result);
              })
            }
            data-testid={`rate-${r}`}
          >
            {label(r)}
          </button>
        ))}
      </div>
      {rated?.ok ? (
        <p data-testid="next-due" role="status" tabIndex={-1} ref={status}>
          {t("rating.next", { when: formatRelative(new Date(rated.due), new Date(), locale), date: new Date(rated.due).toLocaleString(locale === "zh" ? "zh-CN" : "en") })}
        </p>
      ) : rated ? (
        <p className="error" role="alert" tabIndex={-1} ref={status}>{rated.message}</p>
      ) : null}
    </div>
  );
}
