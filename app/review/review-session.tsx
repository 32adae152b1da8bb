"use client";
/**
 * One card of the review session: the question's prompt first, "Show answer" reveals the reference (concept) or the
 * latest Submit (coding), then the rating step with each button's interval; after rating the page refreshes and the
 * next due card appears (the server picks it). Focus moves to what appeared, never to <body>.
 */
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { RecallRating, type RatingPreview } from "@/app/components/recall-rating";

export interface ReviewCardProps {
  slug: string;
  kind: "concept" | "coding";
  title: string;
  contentLocale: "zh" | "en";
  promptHtml: string;
  answerHtml: string;
  explanationHtml: string;
  keyPoints: string[];
  lastAnswer: { text: string; rated: boolean } | null;
  lastSubmitVerdict: string | null;
  preview: RatingPreview;
  position: number;
  total: number;
}

export function ReviewSession({ card, locale }: { card: ReviewCardProps; locale: Locale }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const router = useRouter();
  const [revealed, setRevealed] = useState(false);
  const revealedBlock = useRef<HTMLDivElement>(null);
  const lang = card.contentLocale === "zh" ? "zh-CN" : "en";
  useEffect(() => {
    if (revealed) revealedBlock.current?.focus();
  }, [revealed]);

  return (
    <section className="stack card" aria-labelledby="review-card-title" data-testid="review-card" data-slug={card.slug}>
      <p className="muted small">{t("review.cardOf", { n: card.position, total: card.total })} · {t(`questions.kind.${card.kind}` as MessageKey)}</p>
      <h2 id="review-card-title" lang={lang}>{card.title}</h2>
      <div className="markdown" lang={lang} data-testid="review-prompt" dangerouslySetInnerHTML={{ __html: card.promptHtml }} />
      {!revealed ? (
        <>
          <p className="muted">{t("review.prompt")}</p>
          <div>
            <button type="button" className="primary" onClick={() => setRevealed(true)} data-testid="review-reveal">{t("review.reveal")}</button>
          </div>
        </>
      ) : (
        <div className="stack" data-testid="review-answer" tabIndex={-1} ref={revealedBlock}>
          {card.kind === "concept" ? (
            <>
              {card.lastAnswer ? (
                <div>
                  <h3>
                    {t("mock.yourAnswer")}
                    {!card.lastAnswer.rated ? <span className="muted small"> ({t("review.unrated")})</span> : null}
                  </h3>
                  <p className="card" style={{ whiteSpace: "pre-wrap" }}>{card.lastAnswer.text}</p>
                </div>
              ) : null}
              <h3>{t("concept.reference")}</h3>
              <div className="markdown card" lang={lang} dangerouslySetInnerHTML={{ __html: card.answerHtml }} />
              {card.keyPoints.length ? (
                <>
                  <h3>{t("concept.keyPoints")}</h3>
                  <ul className="keypoints" lang={lang}>
                    {card.keyPoints.map((k) => <li key={k} className="keypoint"><span>{k}</span></li>)}
                  </ul>
                </>
              ) : null}
            </>
          ) : (
            <p>
              {card.lastSubmitVerdict ? t("review.codingReveal", { verdict: card.lastSubmitVerdict }) : t("review.codingNever")}{" "}
              <a href={`/questions/${card.slug}`} target="_blank" rel="noopener">{t("review.openQuestion")}</a>
            </p>
          )}
          <RecallRating slug={card.slug} locale={locale} preview={card.preview} onRated={(r) => r.ok && router.refresh()} />
        </div>
      )}
    </section>
  );
}
