"use client";
/**
 * A running mock interview. Everything lives on the server (ADR 0605): answers are saved as you type (debounced), on
 * leaving the box and when moving between questions, so a reload or another device continues where you were. The
 * clock is the server's deadline; two minutes before it a warning appears with a one-time extension (WCAG 2.2.1);
 * at the deadline answers lock and the interview is finished and reported.
 */
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { attachMockSubmitAction, extendMockAction, finishMockAction, saveMockAnswerAction } from "../actions";

export interface RunnerQuestion {
  slug: string;
  kind: "concept" | "coding";
  title: string;
  bodyHtml: string;
  contentLocale: "zh" | "en";
  minutes: number;
  text: string;
  coding: { verdict: string | null; tests: number; wallMs: number } | null;
}

const WARN_MS = 2 * 60_000;
const EXTENSION_MINUTES = 5;

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function MockRunner({
  id,
  locale,
  deadline,
  serverNow,
  extended,
  questions,
  initialIndex,
}: {
  id: string;
  locale: Locale;
  deadline: string;
  serverNow: string;
  extended: boolean;
  questions: RunnerQuestion[];
  /** From ?q= (1-based in the URL), so a reload stays on the question you were reading. */
  initialIndex: number;
}) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const router = useRouter();
  // The server's clock decides; the offset keeps a wrong device clock from locking early or late.
  const [offset] = useState(() => new Date(serverNow).getTime() - Date.now());
  const [now, setNow] = useState(() => Date.now() + offset);
  const [index, setIndex] = useState(() => Math.min(Math.max(0, initialIndex), questions.length - 1));
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(questions.map((q) => [q.slug, q.text])));
  const [coding, setCoding] = useState<Record<string, RunnerQuestion["coding"]>>(() => Object.fromEntries(questions.map((q) => [q.slug, q.coding])));
  const [savedText, setSavedText] = useState<Record<string, string>>(() => Object.fromEntries(questions.map((q) => [q.slug, q.text])));
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const finishing = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const end = new Date(deadline).getTime();
  const left = end - now;
  const locked = left <= 0;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [offset]);

  const save = useCallback(
    async (slug: string) => {
      const text = texts[slug] ?? "";
      if (text === savedText[slug]) return;
      const res = await saveMockAnswerAction(id, slug, text);
      if (res.ok) setSavedText((old) => ({ ...old, [slug]: text }));
      else setMessage(res.message);
    },
    [id, texts, savedText],
  );

  // Autosave a second and a half after typing stops.
  const q = questions[index];
  useEffect(() => {
    if (!q || q.kind !== "concept" || locked) return;
    const timer = setTimeout(() => void save(q.slug), 1500);
    return () => clearTimeout(timer);
  }, [q, texts, locked, save]);

  const finish = useCallback(() => {
    if (finishing.current) return;
    finishing.current = true;
    start(async () => {
      if (q?.kind === "concept" && !locked) await save(q.slug);
      const res = await finishMockAction(id);
      if (!res.ok) {
        setMessage(res.message);
        finishing.current = false;
      }
      router.refresh();
    });
  }, [id, q, locked, save, router]);

  useEffect(() => {
    if (locked) finish();
  }, [locked, finish]);

  const go = (next: number) => {
    if (q?.kind === "concept" && !locked) void save(q.slug);
    setIndex(next);
    setMessage(null);
    window.history.replaceState(null, "", `?q=${next + 1}`);
    requestAnimationFrame(() => heading.current?.focus());
  };

  if (!q) return null;
  const lang = q.contentLocale === "zh" ? "zh-CN" : "en";
  return (
    <section className="stack" style={{ gap: 12 }} data-testid="mock-runner">
      <p className="timer" role="timer" aria-live="off" data-testid="mock-timer">{t("mock.timeLeft", { time: clock(left) })}</p>
      {!locked && left <= WARN_MS ? (
        <div className="notice" role="alert" data-testid="mock-warning">
          {/* Static text: a live region whose text ticks every second would be re-announced every second. */}
          {t("mock.warning")}{" "}
          {!extended ? (
            <button
              type="button"
              className="secondary"
              disabled={pending}
              data-testid="mock-extend"
              onClick={() =>
                start(async () => {
                  const res = await extendMockAction(id);
                  if (!res.ok) setMessage(res.message);
                  router.refresh();
                })
              }
            >
              {t("mock.extend", { n: EXTENSION_MINUTES })}
            </button>
          ) : (
            <span className="muted small">{t("mock.extended")}</span>
          )}
        </div>
      ) : null}
      {locked ? <p className="notice" role="status">{t("mock.locked")}</p> : null}
      <p className="muted">
        {t("mock.questionOf", { n: index + 1, total: questions.length })} · {t(q.kind === "concept" ? "mock.kindConcept" : "mock.kindCoding")} · {t("mock.minutes", { n: q.minutes })}
      </p>
      <h2 tabIndex={-1} ref={heading} lang={lang} data-testid="mock-question-title">{q.title}</h2>
      <div className="markdown card" lang={lang} dangerouslySetInnerHTML={{ __html: q.bodyHtml }} />
      {q.kind === "concept" ? (
        <label className="stack">
          <span>{t("concept.yourAnswer")}</span>
          <textarea
            className="answer-box"
            data-testid="mock-answer"
            value={texts[q.slug] ?? ""}
            disabled={locked}
            maxLength={8000}
            onChange={(e) => setTexts({ ...texts, [q.slug]: e.target.value })}
            onBlur={() => void save(q.slug)}
          />
          <span className="muted small" aria-live="polite" data-testid="mock-saved">{(texts[q.slug] ?? "") === savedText[q.slug] && savedText[q.slug] ? t("mock.saved") : ""}</span>
        </label>
      ) : (
        <div className="stack">
          <p>{t("mock.codingHowTo")}</p>
          <div className="toolbar">
            <a className="button" href={`/questions/${q.slug}`} target="_blank" rel="noopener" data-testid="mock-open-editor">{t("mock.openEditor")}</a>
            <button
              type="button"
              className="secondary"
              disabled={locked || pending}
              data-testid="mock-attach"
              onClick={() =>
                start(async () => {
                  const res = await attachMockSubmitAction(id, q.slug);
                  if (res.ok && res.coding) setCoding({ ...coding, [q.slug]: { verdict: res.coding.verdict, tests: res.coding.tests, wallMs: res.coding.wallMs } });
                  else if (!res.ok) setMessage(res.message);
                })
              }
            >
              {t("mock.attach")}
            </button>
          </div>
          {coding[q.slug] ? (
            <p role="status" data-testid="mock-attached">
              {t("mock.attached", { verdict: coding[q.slug]!.verdict ?? "…", tests: coding[q.slug]!.tests, ms: Math.round(coding[q.slug]!.wallMs) })}
            </p>
          ) : null}
        </div>
      )}
      {message ? <p className="error" role="alert">{message}</p> : null}
      <div className="toolbar">
        <button type="button" className="secondary" disabled={index === 0} onClick={() => go(index - 1)} data-testid="mock-prev">{t("questions.prev")}</button>
        <button type="button" className="secondary" disabled={index + 1 >= questions.length} onClick={() => go(index + 1)} data-testid="mock-next">{t("questions.next")}</button>
        <button type="button" className="primary" disabled={pending} onClick={finish} data-testid="mock-finish">{t("mock.finish")}</button>
      </div>
    </section>
  );
}
