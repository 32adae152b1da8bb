"use client";
import { useState, useTransition } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { StageChart } from "@/app/components/stage-chart";
import { runPlayground, type PlaygroundResponse } from "./actions";
import { PLAYGROUND_MAX_CHARS } from "./guest-rate-limit";

export function PlaygroundForm({ locale, models }: { locale: Locale; models: { name: string; kind: string }[] }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const [model, setModel] = useState(models[0]?.name ?? "");
  const [text, setText] = useState(locale === "zh" ? "我喜欢机器学习" : "I like machine learning");
  const [result, setResult] = useState<PlaygroundResponse | null>(null);
  const [pending, start] = useTransition();

  return (
    <div className="stack" style={{ gap: 12 }}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => setResult(await runPlayground(model, text)));
        }}
      >
        <label className="stack">
          <span>{t("playground.model")}</span>
          <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="playground-model">
            {models.map((m) => (
              <option key={m.name} value={m.name}>{m.name} ({m.kind})</option>
            ))}
          </select>
        </label>
        <label className="stack">
          <span>{t("playground.text")}</span>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={PLAYGROUND_MAX_CHARS} data-testid="playground-text" />
          <span className="muted small">{t("playground.tooLong", { n: PLAYGROUND_MAX_CHARS })}</span>
        </label>
        <div><button type="submit" className="primary" disabled={pending} data-testid="playground-run">{t("playground.run")}</button></div>
      </form>
      {result && !result.ok ? (
        <p className="error" role="alert">{result.error === "RATE_LIMITED" ? t("playground.rateLimited") : result.message}</p>
      ) : null}
      {result?.ok ? (
        <section className="results" aria-live="polite" data-testid="playground-result">
          <div>
            <strong>{t("playground.tokens")}</strong> ({result.tokens.length})
            <div>{result.tokens.map((tok, i) => <span className="token" key={i}>{tok}</span>)}</div>
            {result.oov.length > 0 ? <p className="muted small">OOV: {result.oov.join(" ")}</p> : null}
          </div>
          {result.vectorPreview ? (
            <div>
              <strong>{t("playground.vector", { dim: result.dim ?? 0, n: result.vectorPreview.length })}</strong>
              <pre>[{result.vectorPreview.map((x) => x.toFixed(4)).join(", ")}, …]  ‖v‖ = {result.norm?.toFixed(4)}</pre>
            </div>
          ) : null}
          {result.classes ? (
            <div>
              <strong>{t("playground.probs")}</strong>
              {result.classes.map((c) => (
                <div className="prob-row" key={c.label}>
                  <span>{c.label}</span>
                  <div className="meter" role="img" aria-label={`${c.label} ${(c.prob * 100).toFixed(1)}%`}><span style={{ width: `${c.prob * 100}%` }} /></div>
                  <span>{(c.prob * 100).toFixed(1)}%</span>
                </div>
              ))}
            </div>
          ) : null}
          <StageChart locale={locale} rows={[{ label: "#1", stages: { inputMs: result.stagesMs.input, forwardMs: result.stagesMs.forward, postMs: result.stagesMs.post }, ref: null }]} />
        </section>
      ) : null}
    </div>
  );
}
