/**
 * The "clock cycle" diagram: one horizontal bar per test split into input / forward / post, the
 * reference solution's thinner outlined bar right under it, all on one time scale, like a CPU pipeline diagram.
 * Pure SVG + CSS (no chart library); the same numbers are available as a table for screen readers
 * and for anyone who prefers digits.
 * Stages differ by pattern as well as colour (solid / diagonal stripes / dots, WCAG 1.4.1), every colour is ≥ 3:1
 * against the panel (1.4.11), and the legend names both bars. The timing sentence follows compareWithReference
 * (docs/adr/0611-timing-verdict.md): only for rows that say they were accepted and called the engine.
 */
import { useId } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { STAGES, compareWithReference, formatMs, stageMs, sumStages, totalMs, type Stage } from "./stage-summary";
import type { StageTimings } from "@/lib/grader/submission-contract";

const STAGE_LABEL: Record<Stage, MessageKey> = {
  input: "stage.input",
  forward: "stage.forward",
  post: "stage.post",
};

export interface StageChartRow {
  label: string;
  stages: StageTimings;
  ref: StageTimings | null;
  /** When given (a submission's tests), the chart may compare with the reference; aggregates omit them. */
  verdict?: string;
  engineCalls?: number;
}

/** Pattern fills: the stage is readable without telling hues apart. */
function Patterns({ prefix }: { prefix: string }) {
  return (
    <defs>
      <pattern id={`${prefix}-input`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="var(--stage-input)" />
      </pattern>
      <pattern id={`${prefix}-forward`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="var(--stage-forward)" />
        <rect width="2" height="6" fill="var(--stage-pattern)" />
      </pattern>
      <pattern id={`${prefix}-post`} width="5" height="5" patternUnits="userSpaceOnUse">
        <rect width="5" height="5" fill="var(--stage-post)" />
        <circle cx="2.5" cy="2.5" r="1.1" fill="var(--stage-pattern)" />
      </pattern>
    </defs>
  );
}

function Bar({ timings, scale, height, reference, label, prefix }: { timings: StageTimings; scale: number; height: number; reference?: boolean; label: string; prefix: string }) {
  let x = 0;
  const total = scale > 0 ? (totalMs(timings) / scale) * 1000 : 0;
  return (
    <svg className={`stage-bar${reference ? " stage-bar-ref" : ""}`} width="100%" height={height} viewBox={`0 0 1000 ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {STAGES.map((s) => {
        const w = scale > 0 ? (stageMs(timings, s) / scale) * 1000 : 0;
        const rect = <rect key={s} data-stage={s} x={x} y={0} width={Math.max(w, 0)} height={height} fill={`url(#${prefix}-${s})`} stroke="var(--card)" strokeWidth={w > 4 ? 2 : 0} vectorEffect="non-scaling-stroke" />;
        x += w;
        return rect;
      })}
      {/* The reference bar is outlined in the text colour so it stands out from the track (≥ 3:1). */}
      {reference ? <rect x={0.5} y={0.5} width={Math.max(total - 1, 0)} height={height - 1} fill="none" stroke="var(--fg)" strokeWidth={1} vectorEffect="non-scaling-stroke" /> : null}
    </svg>
  );
}

function Swatch({ stage, prefix }: { stage: Stage; prefix: string }) {
  return (
    <svg className="swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <rect width="14" height="14" fill={`url(#${prefix}-${stage})`} />
    </svg>
  );
}

export function StageChart({ rows, locale, hiddenCount = 0 }: { rows: StageChartRow[]; locale: Locale; hiddenCount?: number }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const prefix = `sc${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  if (rows.length === 0) {
    return hiddenCount > 0 ? <p className="muted small" data-testid="hidden-not-charted">{t("results.hiddenNotCharted", { n: hiddenCount })}</p> : null;
  }
  const scale = Math.max(...rows.flatMap((r) => [totalMs(r.stages), r.ref ? totalMs(r.ref) : 0]), 0.001);
  const totals = sumStages(rows);
  const comparable = rows.every((r) => r.verdict !== undefined && r.engineCalls !== undefined);
  const verdict = comparable ? compareWithReference(rows.map((r) => ({ verdict: r.verdict!, engineCalls: r.engineCalls!, stages: r.stages, ref: r.ref }))) : null;
  const describe = (who: string, x: StageTimings) =>
    `${who}: ${STAGES.map((s) => `${t(STAGE_LABEL[s])} ${formatMs(stageMs(x, s))}`).join(", ")}; ${t("chart.total")} ${formatMs(totalMs(x))}`;
  const ratio = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

  return (
    <figure className="stage-chart" aria-labelledby={`${prefix}-title`}>
      {/* One set of pattern definitions per chart, referenced by every bar and legend swatch (ids stay unique). */}
      <svg className="stage-patterns" width="0" height="0" aria-hidden="true" focusable="false">
        <Patterns prefix={prefix} />
      </svg>
      <figcaption id={`${prefix}-title`} className="stage-chart-head">
        <strong>{t("chart.title")}</strong>
        <span className="stage-legend" data-testid="stage-legend">
          {STAGES.map((s) => (
            <span key={s}>
              <Swatch stage={s} prefix={prefix} /> {t(STAGE_LABEL[s])}
            </span>
          ))}
          <span>
            <svg className="swatch" width="22" height="14" viewBox="0 0 22 14" aria-hidden="true"><rect x="0" y="2" width="22" height="10" fill="var(--fg)" /></svg> {t("chart.legendYours")}
          </span>
          <span>
            <svg className="swatch" width="22" height="14" viewBox="0 0 22 14" aria-hidden="true"><rect x="0.5" y="4.5" width="21" height="5" fill="none" stroke="var(--fg)" /></svg> {t("chart.legendRef")}
          </span>
        </span>
      </figcaption>
      <div className="stage-rows">
        {rows.map((r) => (
          <div className="stage-row" key={r.label}>
            <span className="stage-row-label">{r.label}</span>
            <div className="stage-row-bars">
              <Bar timings={r.stages} scale={scale} height={14} prefix={prefix} label={describe(`${r.label} ${t("chart.yours")}`, r.stages)} />
              {r.ref ? <Bar timings={r.ref} scale={scale} height={8} reference prefix={prefix} label={describe(`${r.label} ${t("chart.reference")}`, r.ref)} /> : null}
            </div>
            <span className="stage-row-total">{formatMs(totalMs(r.stages))}</span>
          </div>
        ))}
      </div>
      {hiddenCount > 0 ? <p className="muted small" data-testid="hidden-not-charted">{t("results.hiddenNotCharted", { n: hiddenCount })}</p> : null}
      <p className="stage-summary" data-testid="stage-ratio">
        {t("chart.total")}: {formatMs(totalMs(totals.mine))}
        {totals.ref ? ` · ${t("chart.reference")}: ${formatMs(totalMs(totals.ref))}` : ` · ${t("chart.noRef")}`}
        {verdict?.kind === "compare" ? (
          <>
            {" · "}
            <strong data-testid="timing-verdict">{t("timing.verdict", { stage: t(STAGE_LABEL[verdict.stage]), ratio: ratio(verdict.ratio) })}</strong>{" "}
            <span className="muted" data-testid="timing-basis">
              ({verdict.n > 1 ? t("timing.basis", { n: verdict.n, low: ratio(verdict.low), high: ratio(verdict.high) }) : t("timing.basisOne")})
            </span>
          </>
        ) : null}
      </p>
      {verdict?.kind === "none" ? <p className="muted small" data-testid="timing-none">{t(`timing.none.${verdict.reason}` as MessageKey)}</p> : null}
      {verdict?.kind === "compare" ? <p className="muted small">{t("timing.refNote")}</p> : null}
      <details>
        <summary>{t("chart.asTable")}</summary>
        <table className="list compact">
          <thead>
            <tr>
              <th scope="col">{t("chart.test")}</th>
              {STAGES.map((s) => (
                <th scope="col" key={s}>{t(STAGE_LABEL[s])}</th>
              ))}
              <th scope="col">{t("chart.total")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((r) => {
              const out = [
                <tr key={`${r.label}-mine`}>
                  <th scope="row">{r.label} · {t("chart.yours")}</th>
                  {STAGES.map((s) => <td key={s}>{formatMs(stageMs(r.stages, s))}</td>)}
                  <td>{formatMs(totalMs(r.stages))}</td>
                </tr>,
              ];
              if (r.ref) {
                const ref = r.ref;
                out.push(
                  <tr key={`${r.label}-ref`} className="muted">
                    <th scope="row">{r.label} · {t("chart.reference")}</th>
                    {STAGES.map((s) => <td key={s}>{formatMs(stageMs(ref, s))}</td>)}
                    <td>{formatMs(totalMs(ref))}</td>
                  </tr>,
                );
              }
              return out;
            })}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
