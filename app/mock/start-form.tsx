"use client";
/** Topic and duration of a new mock interview; the server creates it and opens /mock/<id>. */
import { useState, useTransition } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { startMockInterview } from "./actions";

const DURATIONS = [10, 20, 30, 45] as const;

export function MockStartForm({ locale, topics }: { locale: Locale; topics: { tag: string; label: string }[] }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const [tag, setTag] = useState(topics[0]?.tag ?? "pipeline");
  const [minutes, setMinutes] = useState<number>(20);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        start(async () => {
          // On success the action redirects to the interview's page; only a failure returns.
          const res = await startMockInterview(tag, minutes);
          if (res && !res.ok) setError(res.message);
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
        <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} data-testid="mock-duration">
          {DURATIONS.map((m) => <option key={m} value={m}>{t("mock.minutes", { n: m })}</option>)}
        </select>
      </label>
      <button type="submit" className="primary" disabled={pending} data-testid="mock-start">{t("mock.start")}</button>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </form>
  );
}
