/**
 * The "clock cycle" diagram: one horizontal bar per test split into input / forward / post, the
 * reference solution's bar right under it, all on one time scale, like a CPU pipeline diagram.
 * Pure SVG + CSS (no chart library); the same numbers are available as a table for screen readers
 * and for anyone who prefers digits.
 */
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { STAGES, formatMs, stageMs, sumStages, totalMs, worstStage, type Stage } from "./stage-summary";
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
}

function Bar({ timings, scale, height, faded, label }: { timings: StageTimings; scale: number; height: number; faded?: boolean; label: string }) {
  let x = 0;
  return (
    <svg className="stage-bar" width="100%" height={height} viewBox={`0 0 1000 ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {STAGES.map((s) => {
        const w = scale > 0 ? (stageMs(timings, s) / scale) * 1000 : 0;
        const rect = <rect key={s} x={x} y={0} width={Math.max(w, 0)} height={height} fill={`var(--stage-${s})`} opacity={faded ? 0.45 : 1} />;
        x += w;
        return rect;
      })}
    </svg>
  );
}

export function StageChart({ rows, locale }: { rows: StageChartRow[]; locale: Locale }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  if (rows.length === 0) return null;
  const scale = Math.max(...rows.flatMap((r) => [totalMs(r.stages), r.ref ? totalMs(r.ref) : 0]), 0.001);
  const totals = sumStages(rows);
  const worst = worstStage(totals.mine, totals.ref);
  const describe = (who: string, x: StageTimings) =>
    `${who}: ${STAGES.map((s) => `${t(STAGE_LABEL[s])} ${formatMs(stageMs(x, s))}`).join(", ")}; ${t("chart.total")} ${formatMs(totalMs(x))}`;

  return (
    <figure className="stage-chart" aria-labelledby="stage-chart-title">
      <figcaption id="stage-chart-title" className="stage-chart-head">
        <strong>{t("chart.title")}</strong>
        <span className="stage-legend">
          {STAGES.map((s) => (
            <span key={s}>
              <span className="swatch" style={{ background: `var(--stage-${s})` }} aria-hidden="true" /> {t(STAGE_LABEL[s])}
            </span>
          ))}
        </span>
      </figcaption>
      <div className="stage-rows">
        {rows.map((r) => (
          <div className="stage-row" key={r.label}>
            <span className="stage-row-label">{r.label}</span>
            <div className="stage-row-bars">
              <Bar timings={r.stages} scale={scale} height={14} label={describe(`${r.label} ${t("chart.yours")}`, r.stages)} />
              {r.ref ? <Bar timings={r.ref} scale={scale} height={8} faded label={describe(`${r.label} ${t("chart.reference")}`, r.ref)} /> : null}
            </div>
            <span className="stage-row-total">{formatMs(totalMs(r.stages))}</span>
          </div>
        ))}
      </div>
      <p className="stage-summary" data-testid="stage-ratio">
        {t("chart.total")}: {formatMs(totalMs(totals.mine))}
        {totals.ref ? ` · ${t("chart.reference")}: ${formatMs(totalMs(totals.ref))}` : ` · ${t("chart.noRef")}`}
        {worst ? (
          <>
            {" · "}
            <strong>
              {t("chart.ratio", { stage: t(STAGE_LABEL[worst.stage]), ratio: worst.ratio.toFixed(1) })}
            </strong>
          </>
        ) : null}
      </p>
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
