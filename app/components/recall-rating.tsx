"use client";
/**
 * "How well did you recall it?" — four FSRS ratings; the chosen one schedules the question's next
 * review and the next due date is shown. Used after a concept answer and after a coding submission.
 */
import { useState, useTransition } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { rateRecall, type RateResult } from "@/app/questions/[slug]/actions";

const RATINGS = ["again", "hard", "good", "easy"] as const;

export function RecallRating({ slug, locale }: { slug: string; locale: Locale }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const [rated, setRated] = useState<RateResult | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="stack">
      <strong id={`rate-${slug}`}>{t("concept.rate")}</strong>
      <div className="rating" role="group" aria-labelledby={`rate-${slug}`}>
        {RATINGS.map((r) => (
          <button key={r} type="button" className="secondary" disabled={pending} onClick={() => start(async () => setRated(await rateRecall(slug, r)))} data-testid={`rate-${r}`}>
            {t(`rating.${r}` as MessageKey)}
          </button>
        ))}
      </div>
      {rated?.ok ? (
        <p data-testid="next-due" role="status">
          {t("concept.nextDue", { date: new Date(rated.due).toLocaleString(locale === "zh" ? "zh-CN" : "en") })}
        </p>
      ) : rated ? (
        <p className="error" role="alert">{rated.message}</p>
      ) : null}
    </div>
  );
}
