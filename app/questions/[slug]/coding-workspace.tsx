"use client";
/**
 * The right half of a coding question: language picker, Monaco with the draft kept per question and
 * language in localStorage, Run (samples + optional custom input) / Submit, live results, and the
 * candidate's earlier submissions for this question (view their results, restore their code).
 * A Run or Submit the server refuses because no grader can run the language (503 GRADER_UNAVAILABLE, ADR 1103) shows
 * in the results panel; the code and the custom input stay as they are.
 * Reload and other tabs (docs/adr/0612-coding-page-keyboard-and-reload.md): the id of a submission still being graded
 * is kept per question in localStorage (`clockwise:running:<slug>`), so a reload re-attaches the results panel to it
 * (the server-rendered history's newest running entry is the fallback), and every start and finish is announced on a
 * BroadcastChannel so other tabs of the same question follow the same submission.
 * After Run/Submit the focus moves to the results heading.
 */
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { isFinished } from "@/lib/grader/submission-contract";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { CodeEditor } from "@/app/components/code-editor-lazy";
import { RecallRating } from "@/app/components/recall-rating";
import { draftKey, parseCustomArgs } from "@/app/components/custom-args";
import { SubmissionResults, VerdictBadge } from "@/app/components/submission-results";
import { GraderRefusedPanel } from "@/app/components/grader-notices";
import { fetchSubmission, followSubmission } from "@/app/components/submission-stream";
import type { GraderRefusal, SubmissionLanguage, SubmissionMode, SubmissionView, Verdict } from "@/lib/grader/submission-contract";

export interface HistoryEntry {
  id: string;
  createdAt: string;
  language: SubmissionLanguage;
  mode: SubmissionMode;
  status: string;
  verdict: Verdict | null;
  score: number | null;
}

export interface CodingWorkspaceProps {
  slug: string;
  locale: Locale;
  signedIn: boolean;
  params: string[];
  /** The first sample test's arguments: opening "Custom input" on an empty box fills it with them to edit. */
  sampleArgs?: unknown[] | null;
  /** Starter code per offered language, in display order. */
  starters: Partial<Record<SubmissionLanguage, string>>;
  history: HistoryEntry[];
}

const LANGUAGE_NAMES: Record<SubmissionLanguage, string> = { python: "Python", javascript: "JavaScript", typescript: "TypeScript" };

/** localStorage key of the submission of this question that is still being graded (reload re-attaches to it). */
export const runningKey = (slug: string) => `clockwise:running:${slug}`;
const CHANNEL = "clockwise:submissions";
type ChannelMessage = { slug: string; id: string; event: "started" | "finished" };

export function CodingWorkspace({ slug, locale, signedIn, params, sampleArgs, starters, history }: CodingWorkspaceProps) {
  const t = useCallback((k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v), [locale]);
  const router = useRouter();
  const languages = (Object.keys(LANGUAGE_NAMES) as SubmissionLanguage[]).filter((l) => starters[l] !== undefined);
  const [language, setLanguage] = useState<SubmissionLanguage>(languages[0] ?? "python");
  const [code, setCode] = useState<string>(starters[language] ?? "");
  const [customArgs, setCustomArgs] = useState("");
  const customInput = useRef<HTMLDetailsElement>(null);
  // Opening the custom input prefills it with the first sample (only when empty: an edit is never overwritten).
  const prefillCustomArgs = useCallback(() => {
    if (customInput.current?.open && sampleArgs) setCustomArgs((current) => (current.trim() ? current : JSON.stringify(sampleArgs)));
  }, [sampleArgs]);
  // Opened before the page hydrated (the <details> works without JavaScript), its toggle event had no listener yet.
  useEffect(prefillCustomArgs, [prefillCustomArgs]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [submission, setSubmission] = useState<SubmissionView | null>(null);
  const [refusal, setRefusal] = useState<{ refusal: GraderRefusal; language: SubmissionLanguage } | null>(null);
  const stopFollowing = useRef<(() => void) | null>(null);
  const loaded = useRef(false);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const focusResults = useRef(false);
  const channel = useRef<BroadcastChannel | null>(null);
  const [note, setNote] = useState<"reattached" | "otherTab" | null>(null);

  // Restore the last language and its draft after hydration (localStorage is browser-only).
  useEffect(() => {
    const lastLanguage = window.localStorage.getItem(`clockwise:lang:${slug}`) as SubmissionLanguage | null;
    const lang = lastLanguage && languages.includes(lastLanguage) ? lastLanguage : language;
    setLanguage(lang);
    setCode(window.localStorage.getItem(draftKey(slug, lang)) ?? starters[lang] ?? "");
    loaded.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slug]);

  useEffect(() => () => stopFollowing.current?.(), []);

  // Focus the results heading once the panel for a new Run/Submit is on screen.
  useEffect(() => {
    if (submission && focusResults.current) {
      focusResults.current = false;
      resultsHeading.current?.focus();
    }
  }, [submission?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const changeCode = (value: string) => {
    setCode(value);
    if (loaded.current) window.localStorage.setItem(draftKey(slug, language), value);
  };

  const changeLanguage = (next: SubmissionLanguage) => {
    setLanguage(next);
    window.localStorage.setItem(`clockwise:lang:${slug}`, next);
    setCode(window.localStorage.getItem(draftKey(slug, next)) ?? starters[next] ?? "");
  };

  const resetCode = () => {
    if (!window.confirm(t("coding.resetConfirm"))) return;
    window.localStorage.removeItem(draftKey(slug, language));
    setCode(starters[language] ?? "");
  };

  const follow = (initial: SubmissionView, announce = true) => {
    stopFollowing.current?.();
    setSubmission(initial);
    if (isFinished(initial.status)) {
      setBusy(false);
      stopFollowing.current = null;
      return;
    }
    setBusy(true);
    stopFollowing.current = followSubmission(initial, (s) => {
      setSubmission(s);
      if (isFinished(s.status)) {
        setBusy(false);
        if (window.localStorage.getItem(runningKey(slug)) === s.id) window.localStorage.removeItem(runningKey(slug));
        if (announce) channel.current?.postMessage({ slug, id: s.id, event: "finished" } satisfies ChannelMessage);
        router.refresh(); // the history list is rendered on the server
      }
    });
  };

  // Re-attach after a reload: the running submission remembered for this question, else the newest running one in
  // the server-rendered history. Then listen to the other tabs.
  useEffect(() => {
    if (!signedIn) return;
    const remembered = window.localStorage.getItem(runningKey(slug));
    const fromHistory = history.find((h) => h.status === "queued" || h.status === "running")?.id ?? null;
    const id = remembered ?? fromHistory;
    if (id) {
      fetchSubmission(id)
        .then((s) => {
          if (isFinished(s.status)) window.localStorage.removeItem(runningKey(slug));
          else setNote("reattached");
          follow(s, true);
        })
        .catch(() => window.localStorage.removeItem(runningKey(slug)));
    }
    if (typeof BroadcastChannel === "undefined") return;
    const bc = new BroadcastChannel(CHANNEL);
    channel.current = bc;
    bc.onmessage = (e: MessageEvent<ChannelMessage>) => {
      const m = e.data;
      if (!m || m.slug !== slug) return;
      void fetchSubmission(m.id)
        .then((s) => {
          setNote("otherTab");
          follow(s, false);
          if (isFinished(s.status)) router.refresh();
        })
        .catch(() => undefined);
    };
    return () => {
      bc.close();
      channel.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slug, signedIn]);

  const send = async (mode: SubmissionMode) => {
    if (!signedIn || busy) return;
    setFormError(null);
    const parsed = mode === "run" ? parseCustomArgs(customArgs, params) : { ok: true as const, args: undefined };
    if (!parsed.ok) {
      setFormError(parsed.message);
      return;
    }
    setBusy(true);
    setRefusal(null);
    try {
      const res = await fetch("/api/submissions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ questionSlug: slug, language, code, mode, ...(parsed.args ? { customArgs: parsed.args } : {}) }),
      });
      if (res.status === 201) {
        const { id } = (await res.json()) as { id: string };
        window.localStorage.setItem(runningKey(slug), id);
        channel.current?.postMessage({ slug, id, event: "started" } satisfies ChannelMessage);
        setNote(null);
        focusResults.current = true;
        follow({ id, questionSlug: slug, language, mode, status: "queued", verdict: null, score: null, createdAt: new Date().toISOString(), finishedAt: null, code, tests: [] });
        return;
      }
      // Error bodies are { error, message, fields? } (lib/errors.ts AppError.toJSON).
      const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string; fields?: Record<string, string[]> };
      if (res.status === 503 && body.error === "GRADER_UNAVAILABLE") {
        // Nothing was stored; the editor keeps the code. The panel replaces the previous results until the next try.
        const retryAfter = Number((body as Partial<GraderRefusal>).retryAfterSeconds ?? res.headers.get("retry-after"));
        setRefusal({ refusal: { error: "GRADER_UNAVAILABLE", message: body.message ?? "", retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 30 }, language });
      } else if (res.status === 401) setFormError(t("coding.signInToRun"));
      else if (res.status === 429) setFormError(t("coding.rateLimited"));
      else {
        // The message already repeats the field messages (ADR 0702): show it once, fields only when there is none.
        const fields = body.fields ? Object.entries(body.fields).map(([k, v]) => `${k}: ${v.join(", ")}`) : [];
        setFormError(body.message ?? (fields.length > 0 ? fields.join(" · ") : (body.error ?? `HTTP ${res.status}`)));
      }
      setBusy(false);
    } catch (e) {
      setFormError((e as Error).message);
      setBusy(false);
    }
  };

  const sendRef = useRef(send);
  sendRef.current = send;
  const onRun = useCallback(() => void sendRef.current("run"), []);
  const onSubmit = useCallback(() => void sendRef.current("submit"), []);

  // Shortcuts also work when the focus is outside the editor (e.g. in the custom-input box).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
      if ((e.target as HTMLElement | null)?.closest?.(".monaco-editor")) return; // Monaco handles its own
      e.preventDefault();
      if (e.shiftKey) onSubmit();
      else onRun();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onRun, onSubmit]);

  const viewEarlier = async (id: string) => {
    setFormError(null);
    setRefusal(null);
    try {
      const s = await fetchSubmission(id);
      setNote(null);
      focusResults.current = true;
      if (s.status === "done" || s.status === "failed") {
        stopFollowing.current?.();
        setSubmission(s);
      } else follow(s, false);
    } catch (e) {
      setFormError((e as Error).message);
    }
  };

  const restore = (s: SubmissionView) => {
    if (languages.includes(s.language) && s.language !== language) {
      setLanguage(s.language);
      window.localStorage.setItem(`clockwise:lang:${slug}`, s.language);
    }
    setCode(s.code);
    window.localStorage.setItem(draftKey(slug, s.language), s.code);
  };

  const nextHref = `/sign-in?next=${encodeURIComponent(`/questions/${slug}`)}`;

  return (
    <div className="workspace">
      <div className="workspace-toolbar">
        <label>
          <span className="visually-hidden">{t("coding.language")}</span>
          <select value={language} onChange={(e) => changeLanguage(e.target.value as SubmissionLanguage)} data-testid="language-select" aria-label={t("coding.language")}>
            {languages.map((l) => (
              <option key={l} value={l}>{LANGUAGE_NAMES[l]}</option>
            ))}
          </select>
        </label>
        <button type="button" className="link-button" onClick={resetCode}>{t("coding.reset")}</button>
        <span className="spacer" />
        {signedIn ? (
          <>
            <button type="button" className="secondary" onClick={onRun} disabled={busy} data-testid="run-button" title="Ctrl/⌘ + Enter">
              {t("coding.run")}
            </button>
            <button type="button" className="primary" onClick={onSubmit} disabled={busy} data-testid="submit-button" title="Ctrl/⌘ + Shift + Enter">
              {t("coding.submit")}
            </button>
          </>
        ) : (
          <a className="button" href={nextHref} data-testid="sign-in-to-run">{t("coding.signInToRun")}</a>
        )}
      </div>
      <div className="editor-frame" data-testid="editor-frame">
        <CodeEditor language={language} value={code} onChange={changeCode} onRun={onRun} onSubmit={onSubmit} ariaLabel={`${t("coding.editorLabel")}. ${t("coding.tabHint")}`} />
      </div>
      <p className="muted small keyboard-hint" id="editor-keyboard-hint" data-testid="editor-keyboard-hint">{t("coding.shortcuts")} {t("coding.tabHint")}</p>
      <details className="custom-input" ref={customInput} onToggle={prefillCustomArgs}>
        <summary>{t("coding.customInput")}</summary>
        <label className="stack">
          <span className="muted small">{t("coding.customInputHelp", { params: params.join(", ") })}</span>
          <textarea value={customArgs} onChange={(e) => setCustomArgs(e.target.value)} rows={3} spellCheck={false} placeholder={`["…"]`} data-testid="custom-args" />
        </label>
      </details>
      {formError ? <p className="error" role="alert" data-testid="form-error">{formError}</p> : null}
      {refusal ? (
        <GraderRefusedPanel refusal={refusal.refusal} language={refusal.language} locale={locale} />
      ) : submission ? (
        <>
          {note && !isFinished(submission.status) ? <p className="muted small" data-testid="results-note">{t(note === "reattached" ? "coding.reattached" : "coding.otherTab")}</p> : null}
          <SubmissionResults ref={resultsHeading} submission={submission} locale={locale} />
          {submission.mode === "submit" && (submission.status === "done" || submission.status === "failed") ? (
            <RecallRating key={submission.id} slug={slug} locale={locale} />
          ) : null}
          {submission.code && submission.code !== code ? (
            <button type="button" className="link-button" onClick={() => restore(submission)} data-testid="restore-code">
              {t("coding.restore")}
            </button>
          ) : null}
        </>
      ) : null}
      {history.length > 0 ? (
        <section className="history" aria-labelledby="history-title">
          <h3 id="history-title">{t("coding.history")}</h3>
          <ul className="history-list" data-testid="history">
            {history.map((h) => (
              <li key={h.id}>
                <button type="button" className="link-button" onClick={() => void viewEarlier(h.id)}>
                  {new Date(h.createdAt).toLocaleString(locale === "zh" ? "zh-CN" : "en")}
                </button>{" "}
                <span className="muted">{LANGUAGE_NAMES[h.language]} · {t(h.mode === "run" ? "results.modeRun" : "results.modeSubmit")}</span>{" "}
                <VerdictBadge verdict={h.verdict} locale={locale} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
