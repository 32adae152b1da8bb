/**
 * What a Run or Submit produced: the overall verdict, a compile error if any, one expandable row per
 * test (verdict, time, diff/expected/got for visible failures, stdout/stderr excerpts), and the
 * stage-timing chart. Renders partial results while tests stream in. A submission that waits with no grader to take
 * it says so in plain words instead of only spinning (ADR 1103).
 */
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { GraderWaitingNote } from "./grader-notices";
import { StageChart } from "./stage-chart";
import { formatMs } from "./stage-summary";
import { isFinished, type SubmissionView, type TestResultView, type Verdict } from "@/lib/grader/submission-contract";

const EXCERPT_CHARS = 2000;

function excerpt(text: string): string {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}\n…` : text;
}

/** Values (inputs, expected, got) are previews: a 100-float vector would otherwise fill the screen; the diff says what differs. */
const VALUE_CHARS = 400;

function show(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > VALUE_CHARS ? `${s.slice(0, VALUE_CHARS)}…` : s;
}

export function VerdictBadge({ verdict, locale }: { verdict: Verdict | null; locale: Locale }) {
  if (!verdict) return <span className="verdict verdict-pending">{translate(locale, "verdict.pending")}</span>;
  return (
    <span className={`verdict verdict-${verdict === "AC" ? "ok" : "bad"}`} title={translate(locale, `verdict.${verdict}` as MessageKey)}>
      {verdict} · {translate(locale, `verdict.${verdict}` as MessageKey)}
    </span>
  );
}

function TestRow({ test, n, locale }: { test: TestResultView; n: number; locale: Locale }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const failed = test.verdict !== "AC";
  return (
    <li className="test-row" data-testid="test-row" data-verdict={test.verdict}>
      {/* Failures open by default when there is something to show (hidden tests reveal nothing). */}
      <details open={failed && !test.hidden}>
        <summary>
          <VerdictBadge verdict={test.verdict} locale={locale} /> {t("results.test", { n })}
          {test.hidden ? <span className="tag">{t("results.hidden")}</span> : null}
          <span className="muted"> · {formatMs(test.wallMs)} · {t("results.engineCalls", { n: test.engineCalls })} · {t("results.tokens", { n: test.tokens })}</span>
        </summary>
        <div className="test-detail">
          {test.args !== undefined ? (
            <p><span className="muted">{t("results.args")}</span> <code>{show(test.args)}</code></p>
          ) : null}
          {failed && test.expected !== undefined ? (
            <p><span className="muted">{t("results.expected")}</span> <code>{show(test.expected)}</code></p>
          ) : null}
          {/* What the function returned is worth seeing even when it passed (e.g. a Run on custom input). */}
          {test.got !== undefined ? (
            <p><span className="muted">{t("results.got")}</span> <code>{show(test.got)}</code></p>
          ) : null}
          {test.diff ? (
            <>
              <p className="muted">{t("results.diff")}</p>
              <pre className="diff" data-testid="test-diff">{excerpt(test.diff)}</pre>
            </>
          ) : null}
          {test.error ? (
            <>
              <p className="muted">{t("results.error")}</p>
              <pre className="error-box">{excerpt(test.error)}</pre>
            </>
          ) : null}
          {test.stdout ? (
            <>
              <p className="muted">stdout</p>
              <pre>{excerpt(test.stdout)}</pre>
            </>
          ) : null}
          {test.stderr ? (
            <>
              <p className="muted">stderr</p>
              <pre>{excerpt(test.stderr)}</pre>
            </>
          ) : null}
        </div>
      </details>
    </li>
  );
}

export function SubmissionResults({ submission, locale }: { submission: SubmissionView; locale: Locale }) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const tests = [...submission.tests].sort((a, b) => a.ordinal - b.ordinal);
  const finished = isFinished(submission.status);
  const passed = tests.filter((x) => x.verdict === "AC").length;
  return (
    <section className="results" aria-live="polite" aria-busy={!finished} data-testid="results" data-submission-id={submission.id} data-status={submission.status} data-verdict={submission.verdict ?? ""}>
      <header className="results-head">
        <VerdictBadge verdict={finished ? submission.verdict : null} locale={locale} />
        <span className="muted">
          {t(submission.mode === "run" ? "results.modeRun" : "results.modeSubmit")} · {t(`status.${submission.status}` as MessageKey)}
          {tests.length > 0 ? ` · ${t("results.passed", { passed, total: tests.length })}` : ""}
          {finished && submission.score !== null ? ` · ${t("results.score", { score: Math.round(submission.score * 100) })}` : ""}
        </span>
      </header>
      {!finished && submission.waiting ? <GraderWaitingNote waiting={submission.waiting} language={submission.language} locale={locale} /> : null}
      {submission.status === "failed" && submission.error ? (
        <p className="error" role="alert">{t("results.internalError")} {excerpt(submission.error)}</p>
      ) : null}
      {submission.compileError ? (
        <pre className="error-box" data-testid="compile-error">{excerpt(submission.compileError)}</pre>
      ) : null}
      {tests.length > 0 ? (
        <StageChart locale={locale} rows={tests.map((x, i) => ({ label: `#${i + 1}`, stages: x.stages, ref: x.ref }))} />
      ) : null}
      <ol className="test-list">
        {tests.map((x, i) => (
          <TestRow key={x.ordinal} test={x} n={i + 1} locale={locale} />
        ))}
      </ol>
    </section>
  );
}
