/**
 * The decode loop of the decoder-LM tests of a submission: per test, the prefill (time to first token) as one bar
 * and the decode steps as a strip of bars (each step's time, its forward pass darker), with the reference
 * solution's loop faded under it on the same scale; TTFT, TPOT and tokens/s as numbers. Pure SVG, like the
 * stage chart; every bar has a text label for screen readers.
 */
import type { Locale } from "@/lib/bank/schema";
import type { GenerationView } from "@/lib/grader/submission-contract";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { formatMs } from "./stage-summary";

/** What the chart reads of a test's generation timing (the submission contract's GenerationView). */
export type DecodeLoop = Pick<
  GenerationView,
  "prefillCalls" | "decodeCalls" | "prefillTokens" | "decodeTokens" | "ttftMs" | "prefillForwardMs" | "tpotMs" | "tokensPerSecond" | "steps"
>;

export interface DecodeLoopRow {
  label: string;
  mine: DecodeLoop;
  ref: DecodeLoop | null;
}

const PREFILL_WIDTH = 220;
const STEPS_WIDTH = 780;

function Loop({ loop, scale, height, faded, label }: { loop: DecodeLoop; scale: { prefill: number; step: number }; height: number; faded?: boolean; label: string }) {
  const ttft = loop.ttftMs ?? 0;
  const prefillW = scale.prefill > 0 ? (ttft / scale.prefill) * PREFILL_WIDTH : 0;
  const forwardW = scale.prefill > 0 ? (Math.min(loop.prefillForwardMs, ttft) / scale.prefill) * PREFILL_WIDTH : 0;
  const n = Math.max(loop.steps.length, 1);
  const slot = STEPS_WIDTH / Math.max(n, 16);
  const opacity = faded ? 0.45 : 1;
  return (
    <svg className="stage-bar" width="100%" height={height} viewBox={`0 0 1000 ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      <rect x={0} y={0} width={prefillW} height={height} fill="var(--stage-input)" opacity={opacity} />
      <rect x={0} y={0} width={forwardW} height={height} fill="var(--stage-forward)" opacity={opacity} />
      {loop.steps.map((s, i) => {
        const h = scale.step > 0 ? Math.max((s.stepMs / scale.step) * height, 1) : 0;
        const f = scale.step > 0 ? Math.min((s.forwardMs / scale.step) * height, h) : 0;
        const x = PREFILL_WIDTH + 4 + i * slot;
        return (
          <g key={i} opacity={opacity}>
            <rect x={x} y={height - h} width={Math.max(slot - 1, 1)} height={h} fill="var(--stage-post)" />
            <rect x={x} y={height - f} width={Math.max(slot - 1, 1)} height={f} fill="var(--stage-forward)" />
          </g>
        );
      })}
    </svg>
  );
}

export function DecodeLoopChart({ rows, locale }: { rows: DecodeLoopRow[]; locale: Locale }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  if (rows.length === 0) return null;
  const loops = rows.flatMap((r) => (r.ref ? [r.mine, r.ref] : [r.mine]));
  const scale = {
    prefill: Math.max(...loops.map((l) => l.ttftMs ?? 0), 0.001),
    step: Math.max(...loops.flatMap((l) => l.steps.map((s) => s.stepMs)), 0.001),
  };
  const numbers = (l: DecodeLoop) =>
    `${t("decode.ttft")} ${l.ttftMs === null ? "–" : formatMs(l.ttftMs)} · ${t("decode.tpot")} ${l.tpotMs === null ? "–" : formatMs(l.tpotMs)} · ${l.tokensPerSecond === null ? "–" : l.tokensPerSecond.toFixed(0)} ${t("decode.tps")}`;
  const describe = (who: string, l: DecodeLoop) =>
    `${who}: ${numbers(l)}; ${t("decode.calls", { prefill: l.prefillCalls, prefillTokens: l.prefillTokens, decode: l.decodeCalls, decodeTokens: l.decodeTokens })}`;

  return (
    <figure className="stage-chart" aria-labelledby="decode-loop-title" data-testid="decode-loop-chart">
      <figcaption id="decode-loop-title" className="stage-chart-head">
        <strong>{t("decode.title")}</strong>
        <span className="stage-legend">
          <span><span className="swatch" style={{ background: "var(--stage-input)" }} aria-hidden="true" /> {t("decode.prefill")}</span>
          <span><span className="swatch" style={{ background: "var(--stage-forward)" }} aria-hidden="true" /> {t("stage.forward")}</span>
          <span><span className="swatch" style={{ background: "var(--stage-post)" }} aria-hidden="true" /> {t("decode.step")}</span>
        </span>
      </figcaption>
      <div className="stage-rows">
        {rows.map((r) => (
          <div className="stage-row" key={r.label}>
            <span className="stage-row-label">{r.label}</span>
            <div className="stage-row-bars">
              <Loop loop={r.mine} scale={scale} height={18} label={describe(`${r.label} ${t("chart.yours")}`, r.mine)} />
              {r.ref ? <Loop loop={r.ref} scale={scale} height={10} faded label={describe(`${r.label} ${t("chart.reference")}`, r.ref)} /> : null}
            </div>
            <span className="stage-row-total" title={describe(t("chart.yours"), r.mine)}>{r.mine.tpotMs === null ? "–" : formatMs(r.mine.tpotMs)}</span>
          </div>
        ))}
      </div>
      <p className="stage-summary small">
        {t("decode.note")}
      </p>
      <ul className="muted small" style={{ margin: 0 }}>
        {rows.map((r) => (
          <li key={r.label}>
            {r.label} {t("chart.yours")}: {numbers(r.mine)}
            {r.ref ? ` — ${t("chart.reference")}: ${numbers(r.ref)}` : ""}
          </li>
        ))}
      </ul>
    </figure>
  );
}
