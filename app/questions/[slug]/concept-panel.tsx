"use client";
/**
 * Answering a concept question: write an answer, see the automatic check as a hint (which key points it seems to
 * cover, contradict or miss, and a one-word verdict), then the reference answer, explanation and the interviewer's
 * follow-up probes; finally the candidate's own self-assessment per key point, which gives the recall rating and
 * schedules the next review (ADR 0604). A new answer resets the assessment (the component remounts).
 */
import { useState, useTransition } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { SelfAssessment } from "@/app/components/self-assessment";
import { answerConceptQuestion, type ConceptAnswerResult } from "./actions";

export function ConceptPanel({ slug, locale, signedIn }: { slug: string; locale: Locale; signedIn: boolean }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const [answer, setAnswer] = useState("");
  const [result, setResult] = useState<ConceptAnswerResult | null>(null);
  const [pending, startTransition] = useTransition();
  const [attempt, setAttempt] = useState(0);

  if (!signedIn) {
    return (
      <p>
        <a className="button" href={`/sign-in?next=${encodeURIComponent(`/questions/${slug}`)}`} data-testid="sign-in-to-answer">
          {t("concept.signIn")}
        </a>
      </p>
    );
  }

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (answer.trim().length < 4) {
      setResult({ ok: false, error: "INVALID_INPUT", message: t("concept.tooShort") });
      return;
    }
    startTransition(async () => {
      setResult(await answerConceptQuestion(slug, answer));
      setAttempt((n) => n + 1);
    });
  };

  const covered = result?.ok ? result.keyPoints.filter((k) => k.covered).length : 0;
  const pointState = (k: { covered: boolean; contradicted?: boolean }) => (k.contradicted ? "contradicted" : k.covered ? "covered" : "missed");

  return (
    <section className="concept-panel" aria-labelledby="your-answer">
      <form onSubmit={submit} className="stack">
        <label className="stack" htmlFor="concept-answer">
          <strong id="your-answer">{t("concept.yourAnswer")}</strong>
        </label>
        <textarea id="concept-answer" className="answer-box" value={answer} onChange={(e) => setAnswer(e.target.value)} maxLength={8000} data-testid="concept-answer" />
        <div>
          <button type="submit" className="primary" disabled={pending} data-testid="concept-submit">
            {pending && !result ? t("common.loading") : t("concept.submit")}
          </button>
        </div>
      </form>
      {result && !result.ok ? <p className="error" role="alert">{result.message}</p> : null}
      {result?.ok ? (
        <div className="stack" aria-live="polite" data-testid="concept-result">
          <h2>{t("concept.keyPoints")}</h2>
          <p data-testid="concept-verdict" data-verdict={result.verdict}>
            <strong>{t("concept.hint", { verdict: t(`concept.verdict.${result.verdict}` as MessageKey) })}</strong>
          </p>
          <p data-testid="concept-score">{t("concept.score", { covered, total: result.keyPoints.length, score: Math.round(result.score * 100) })}</p>
          <div className="meter" aria-hidden="true"><span style={{ width: `${Math.round(result.score * 100)}%` }} /></div>
          <ul className="keypoints">
            {result.keyPoints.map((k) => (
              <li key={k.text} className={`keypoint keypoint-${k.covered ? "covered" : "missed"}`} data-testid="keypoint" data-covered={k.covered} data-contradicted={Boolean(k.contradicted)}>
                <span>
                  <span className={k.contradicted ? "small" : "visually-hidden"}>{t(`concept.${pointState(k)}` as MessageKey)}: </span>
                  {k.text}{" "}
                  <span className="muted small">({t("concept.semantic")} {k.semantic.toFixed(2)} · {t("concept.lexical")} {k.lexical.toFixed(2)})</span>
                </span>
              </li>
            ))}
          </ul>
          <h2>{t("concept.reference")}</h2>
          <div className="markdown card" dangerouslySetInnerHTML={{ __html: result.answerHtml }} />
          {result.explanationHtml ? (
            <>
              <h2>{t("concept.explanation")}</h2>
              <div className="markdown card" dangerouslySetInnerHTML={{ __html: result.explanationHtml }} />
            </>
          ) : null}
          {result.probesHtml.length > 0 ? (
            <section aria-labelledby="concept-probes" data-testid="concept-probes">
              <h2 id="concept-probes">{t("concept.probes")}</h2>
              <p className="muted small">{t("concept.probesHint")}</p>
              <ol className="probes">
                {result.probesHtml.map((html, i) => (
                  <li key={i} className="markdown" data-testid="concept-probe" dangerouslySetInnerHTML={{ __html: html }} />
                ))}
              </ol>
            </section>
          ) : null}
          <SelfAssessment key={attempt} attemptId={result.attemptId} points={result.keyPoints} preview={result.preview} locale={locale} />
        </div>
      ) : null}
    </section>
  );
}
