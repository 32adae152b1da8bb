"use client";
/**
 * The candidate's own verdict on a concept answer, Anki-style: after the reference is revealed, each key point is
 * marked covered / partly / missed (starting from the automatic check, which is only a hint), the resulting rating
 * and its interval are shown live, and saving stores the assessment and schedules the next review (ADR 0604).
 * Used on the question page and in the mock interview.
 */
import { useEffect, useRef, useState, useTransition } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { formatInterval, formatRelative } from "@/lib/i18n/relative-time";
import { ratingFromSelfAssessment, SELF_ASSESSMENT, type SelfAssessmentMark } from "@/lib/use-cases/review/fsrs-schedule";
import { assessConceptAnswer, type RateResult } from "@/app/questions/[slug]/actions";
import type { RatingPreview } from "./recall-rating";

export interface AssessablePoint {
  text: string;
  covered: boolean;
  contradicted?: boolean;
}

export function SelfAssessment({
  attemptId,
  points,
  preview,
  locale,
  onSaved,
}: {
  attemptId: string;
  points: AssessablePoint[];
  preview: RatingPreview;
  locale: Locale;
  onSaved?: (result: RateResult & { ok: true }, marks: SelfAssessmentMark[]) => void;
}) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const [marks, setMarks] = useState<SelfAssessmentMark[]>(() => points.map((p) => (p.covered ? "covered" : "missed")));
  const [saved, setSaved] = useState<RateResult | null>(null);
  const [pending, start] = useTransition();
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (saved) status.current?.focus();
  }, [saved]);

  const rating = ratingFromSelfAssessment(marks);
  const ratingName = t(`rating.${rating}` as MessageKey);
  const interval = formatInterval(new Date(preview.next[rating]).getTime() - new Date(preview.now).getTime(), locale);
  const done = Boolean(saved?.ok);

  return (
    <form
      className="stack card"
      data-testid="self-assessment"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const result = await assessConceptAnswer(attemptId, marks);
          setSaved(result);
          if (result.ok) onSaved?.(result, marks);
        });
      }}
    >
      <h2 id={`assess-${attemptId}`}>{t("concept.assessTitle")}</h2>
      <p className="muted small">{t("concept.assessHint")}</p>
      <ol className="stack" style={{ gap: 10 }}>
        {points.map((p, i) => (
          <li key={i}>
            <fieldset className="assess-point" disabled={done || pending} data-testid="assess-point" style={{ border: "1px solid var(--border)", borderRadius: 6, padding: "6px 10px" }}>
              <legend>
                {p.text}{" "}
                <span className="muted small">({t("concept.autoSaid", { state: t(p.contradicted ? "concept.contradicted" : p.covered ? "concept.covered" : "concept.missed") })})</span>
              </legend>
              <div className="toolbar">
                {SELF_ASSESSMENT.map((m) => (
                  <label key={m} className="assess-choice">
                    <input
                      type="radio"
                      name={`assess-${attemptId}-${i}`}
                      value={m}
                      checked={marks[i] === m}
                      onChange={() => setMarks((old) => old.map((x, j) => (j === i ? m : x)))}
                      data-testid={`assess-${i}-${m}`}
                    />{" "}
                    {t(`concept.assess.${m}` as MessageKey)}
                  </label>
                ))}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {!done ? (
        <>
          <p data-testid="assess-rating" aria-live="polite">{t("concept.assessRating", { rating: ratingName, due: interval })}</p>
          <div>
            <button type="submit" className="primary" disabled={pending} data-testid="assess-save">{t("concept.assessSave")}</button>
          </div>
        </>
      ) : null}
      {saved?.ok ? (
        <p role="status" tabIndex={-1} ref={status} data-testid="assess-saved">
          {t("concept.assessSaved", { rating: t(`rating.${saved.rating}` as MessageKey), due: formatRelative(new Date(saved.due), new Date(), locale) })}
        </p>
      ) : saved ? (
        <p className="error" role="alert" tabIndex={-1} ref={status}>{saved.message}</p>
      ) : null}
    </form>
  );
}
