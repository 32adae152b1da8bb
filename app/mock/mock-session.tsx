"use client";
/**
 * One mock interview in the browser: pick a topic and a duration, answer the questions one after another
 * against the clock (the answer box locks at the deadline), then a report: per question the key-point
 * coverage, and overall the average and the time used.
 */
import { useEffect, useState, useTransition } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import type { ConceptAnswerResult } from "@/app/questions/[slug]/actions";
import { answerMockQuestion, startMockInterview, type MockStart } from "./actions";

const DURATIONS = [5, 10, 20, 30] as const;

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function MockSession({ locale, topics }: { locale: Locale; topics: { tag: string; label: string }[] }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const [tag, setTag] = useState(topics[0]?.tag ?? "pipeline");
  const [minutes, setMinutes] = useState<number>(10);
  const [session, setSession] = useState<MockStart | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [results, setResults] = useState<Record<string, ConceptAnswerResult>>({});
  const [finishedAt, setFinishedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [pending, start] = useTransition();

  useEffect(() => {
    if (!session || finishedAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [session, finishedAt]);

  const deadline = session ? new Date(session.deadline).getTime() : 0;
  const timeUp = session !== null && now >= deadline;

  const finish = () => {
    if (!session) return;
    start(async () => {
      // Score every written answer that was not scored yet, then show the report.
      const scored = { ...results };
      for (const q of session.questions) {
        const text = answers[q.slug]?.trim();
        if (text && !scored[q.slug]) scored[q.slug] = await answerMockQuestion(q.slug, text);
      }
      setResults(scored);
      setFinishedAt(Date.now());
    });
  };

  useEffect(() => {
    if (timeUp && !finishedAt && !pending) finish();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeUp]);

  if (!session) {
    return (
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          start(async () => {
            const res = await startMockInterview(tag, minutes);
            if (!res.ok) setError(res.message);
            else if (res.questions.length === 0) setError(t("mock.none"));
            else {
              setSession(res);
              setNow(Date.now());
            }
          });
        }}
      >
        <label className="stack">
          <span className="small muted">{t("mock.topic")}</span>
          <select value={tag} onChange={(e) => setTag(e.target.value)} data-testid="mock-topic">
            {topics.map((x) => <option key={x.tag} value={x.tag}>{x.label}</option>)}
          </select>
        </label>
        <label className="stack">
          <span className="small muted">{t("mock.duration")}</span>
          <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {DURATIONS.map((m) => <option key={m} value={m}>{t("mock.minutes", { n: m })}</option>)}
          </select>
        </label>
        <button type="submit" className="primary" disabled={pending} data-testid="mock-start">{t("mock.start")}</button>
        {error ? <p className="error" role="alert">{error}</p> : null}
      </form>
    );
  }

  if (finishedAt) {
    const scored = session.questions.map((q) => results[q.slug]).filter((r): r is Extract<ConceptAnswerResult, { ok: true }> => Boolean(r && r.ok));
    const average = session.questions.length ? scored.reduce((s, r) => s + r.score, 0) / session.questions.length : 0;
    return (
      <section className="stack" data-testid="mock-report">
        <h2>{t("mock.report")}</h2>
        <p>{t("mock.answered", { n: scored.length, total: session.questions.length })} · {t("mock.average", { score: Math.round(average * 100) })} · {clock(finishedAt - new Date(session.startedAt).getTime())}</p>
        <table className="list">
          <tbody>
            {session.questions.map((q) => {
              const r = results[q.slug];
              return (
                <tr key={q.slug}>
                  <td><a href={`/questions/${q.slug}`}>{q.title}</a></td>
                  <td>{r?.ok ? `${r.keyPoints.filter((k) => k.covered).length}/${r.keyPoints.length}` : "—"}</td>
                  <td>
                    {r?.ok ? (
                      <ul className="keypoints">
                        {r.keyPoints.map((k) => <li key={k.text} className={`keypoint keypoint-${k.covered ? "covered" : "missed"}`}><span>{k.text}</span></li>)}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    );
  }

  const q = session.questions[index];
  return (
    <section className="stack" style={{ gap: 12 }}>
      <p className="timer" role="timer" aria-live="off" data-testid="mock-timer">{t("mock.timeLeft", { time: clock(deadline - now) })}</p>
      <p className="muted">{index + 1} / {session.questions.length}</p>
      <h2>{q.title}</h2>
      <div className="markdown card" dangerouslySetInnerHTML={{ __html: q.bodyHtml }} />
      <label className="stack">
        <span>{t("concept.yourAnswer")}</span>
        <textarea className="answer-box" value={answers[q.slug] ?? ""} disabled={timeUp} onChange={(e) => setAnswers({ ...answers, [q.slug]: e.target.value })} />
      </label>
      <div className="toolbar">
        <button type="button" className="secondary" disabled={index === 0} onClick={() => setIndex(index - 1)}>{t("questions.prev")}</button>
        <button type="button" className="secondary" disabled={index + 1 >= session.questions.length} onClick={() => setIndex(index + 1)}>{t("questions.next")}</button>
        <button type="button" className="primary" disabled={pending} onClick={finish} data-testid="mock-finish">{t("mock.finish")}</button>
      </div>
    </section>
  );
}
