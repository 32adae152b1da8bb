"use client";
/**
 * The playground's "Generate" mode: streams tokens from POST /playground/generate (NDJSON) as the host engine
 * produces them, with each step's time as a bar (prefill / decode / recompute), TTFT, TPOT and tokens/s. The last
 * run with and without the KV cache for the same request are kept side by side to show the speed-up.
 */
import { useRef, useState } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import type { GenerationEvent } from "@/lib/use-cases/playground/generate-text";

type TokenEvent = Extract<GenerationEvent, { type: "token" }>;
type DoneEvent = Extract<GenerationEvent, { type: "done" }>;

/** Mirrors GENERATION_LIMITS (lib/use-cases/playground/generate-text.ts), which the server enforces. */
const MAX_PROMPT_CHARS = 500;
const MAX_NEW_TOKENS = 64;

const PHASE_COLOR: Record<TokenEvent["phase"], string> = { prefill: "var(--stage-input, #6b8afd)", decode: "var(--stage-forward, #2fb380)", recompute: "var(--stage-post, #e0883a)" };

function fmt(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "–" : ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

export function GenerateForm({ locale, models }: { locale: Locale; models: string[] }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const [model, setModel] = useState(models[0] ?? "");
  const [prompt, setPrompt] = useState(locale === "zh" ? "今天天气很好，我们" : "Once upon a time");
  const [maxNewTokens, setMaxNewTokens] = useState(32);
  const [cache, setCache] = useState(true);
  const [tokens, setTokens] = useState<TokenEvent[]>([]);
  const [done, setDone] = useState<DoneEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  // The prompt of the run on screen (the textarea may be edited while it streams).
  const [runPrompt, setRunPrompt] = useState("");
  // Last summary per cache setting, for the same model/prompt/limit only.
  const [compare, setCompare] = useState<{ key: string; on?: DoneEvent; off?: DoneEvent }>({ key: "" });
  const abort = useRef<AbortController | null>(null);

  async function run() {
    const key = JSON.stringify([model, prompt, maxNewTokens]);
    const controller = new AbortController();
    abort.current = controller;
    setTokens([]);
    setDone(null);
    setRunPrompt(prompt);
    setError(null);
    setRunning(true);
    try {
      const response = await fetch("/playground/generate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model, prompt, maxNewTokens, cache }),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        setError(response.status === 429 ? t("playground.rateLimited") : t("playground.failed", { message: body?.message ?? String(response.status) }));
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = "";
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffered += value;
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          if (!line.trim()) continue;
          const event = JSON.parse(line) as GenerationEvent | { type: "error"; message: string };
          if (event.type === "token") setTokens((list) => [...list, event]);
          else if (event.type === "done") {
            setDone(event);
            setCompare((c) => ({ ...(c.key === key ? c : { key }), [cache ? "on" : "off"]: event }));
          } else if (event.type === "error") setError(t("playground.failed", { message: event.message }));
        }
      }
    } catch (e) {
      if ((e as Error).name !== "AbortError") setError(t("playground.failed", { message: (e as Error).message }));
    } finally {
      setRunning(false);
      abort.current = null;
    }
  }

  const slowest = Math.max(1e-6, ...tokens.map((x) => x.stepMs));
  const speedup = compare.on?.tpotMs && compare.off?.tpotMs ? compare.off.tpotMs / compare.on.tpotMs : null;

  return (
    <div className="stack" style={{ gap: 12 }}>
      <p className="muted">{t("playground.generateIntro")}</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (!running) void run();
        }}
      >
        <label className="stack">
          <span>{t("playground.model")}</span>
          <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="generate-model">
            {models.map((m) => (
              <option key={m} value={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="stack">
          <span>{t("playground.prompt")}</span>
          <textarea value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={3} maxLength={MAX_PROMPT_CHARS} data-testid="generate-prompt" />
          <span className="muted small">{t("playground.tooLong", { n: MAX_PROMPT_CHARS })}</span>
        </label>
        <label className="stack">
          <span>{t("playground.maxTokens", { n: MAX_NEW_TOKENS })}</span>
          <input type="number" min={1} max={MAX_NEW_TOKENS} value={maxNewTokens} onChange={(e) => setMaxNewTokens(Math.max(1, Math.min(MAX_NEW_TOKENS, Number(e.target.value) || 1)))} data-testid="generate-max-tokens" />
        </label>
        <label>
          <input type="checkbox" checked={cache} onChange={(e) => setCache(e.target.checked)} data-testid="generate-cache" /> {t("playground.cache")}
          <span className="muted small"> — {t("playground.cacheHint")}</span>
        </label>
        <div className="row" style={{ gap: 8 }}>
          <button type="submit" className="primary" disabled={running || !model} data-testid="generate-run">{t("playground.generate")}</button>
          {running ? <button type="button" onClick={() => abort.current?.abort()} data-testid="generate-stop">{t("playground.stop")}</button> : null}
        </div>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {tokens.length > 0 || done ? (
        <section className="results" aria-live="polite" data-testid="generate-result">
          <div>
            <strong>{t("playground.output")}</strong>
            <p style={{ whiteSpace: "pre-wrap" }} data-testid="generate-output">
              <span className="muted">{runPrompt}</span>
              {tokens.map((x) => (
                <span key={x.index} title={`#${x.index} id ${x.id} · ${t(`playground.phase.${x.phase}` as MessageKey)} · ${fmt(x.stepMs)} ms`} style={{ borderBottom: `2px solid ${PHASE_COLOR[x.phase]}` }}>{x.text}</span>
              ))}
            </p>
          </div>
          <div>
            <strong>{t("playground.stepTimes")}</strong>
            <div role="img" aria-label={t("playground.stepTimes")} style={{ display: "flex", alignItems: "flex-end", gap: 1, height: 80, borderBottom: "1px solid currentColor" }} data-testid="generate-steps">
              {tokens.map((x) => (
                <span key={x.index} title={`#${x.index} ${t(`playground.phase.${x.phase}` as MessageKey)}: ${fmt(x.stepMs)} ms (${x.tokensSent} ${t("playground.positions")})`} style={{ flex: "1 1 0", maxWidth: 14, height: `${Math.max(2, (x.stepMs / slowest) * 100)}%`, background: PHASE_COLOR[x.phase] }} />
              ))}
            </div>
            <p className="muted small">
              {(["prefill", "decode", "recompute"] as const).map((p) => (
                <span key={p} style={{ marginRight: 12 }}><span style={{ display: "inline-block", width: 10, height: 10, background: PHASE_COLOR[p] }} /> {t(`playground.phase.${p}`)}</span>
              ))}
            </p>
          </div>
          {done ? (
            <dl className="row" style={{ gap: 16, flexWrap: "wrap" }} data-testid="generate-summary">
              <div><dt>{t("playground.ttft")}</dt><dd>{fmt(done.ttftMs)} ms</dd></div>
              <div><dt>{t("playground.tpot")}</dt><dd>{fmt(done.tpotMs)} ms</dd></div>
              <div><dt>{t("playground.tokensPerSecond")}</dt><dd>{done.tokensPerSecond.toFixed(1)}</dd></div>
              <div><dt>{t("playground.positions")}</dt><dd>{done.tokensSent}</dd></div>
              <div><dt>{t("playground.tokens")}</dt><dd>{done.tokens} · {t(`playground.finish.${done.finishReason}`)}</dd></div>
            </dl>
          ) : null}
          <p className="muted small" data-testid="generate-compare">
            {speedup !== null ? t("playground.compare", { on: fmt(compare.on!.tpotMs), off: fmt(compare.off!.tpotMs), x: speedup.toFixed(1) }) : t("playground.compareHint")}
          </p>
        </section>
      ) : null}
    </div>
  );
}
