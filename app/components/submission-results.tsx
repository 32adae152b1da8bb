/**
 * What a Run or Submit produced: a "Results" heading (focused after Run/Submit), the overall verdict and the first
 * failing test by name ("Hidden test 4 failed: RE"), a compile error if any, one expandable row per test (verdict,
 * time, diff/expected/got for visible failures, stdout/stderr excerpts; for a hidden test only its verdict and the
 * redacted error type/message/line, ADR 0610), the stage-timing chart of the visible tests and, for decoder tests, their
 * decode loop (prefill and per-step times against the reference's). Renders partial
 * results while tests stream in. A submission that waits with no grader to take it says so in plain words instead of
 * only spinning (ADR 1103).
 */
import { forwardRef } from "react";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { translatePlural } from "@/lib/i18n/plural";
import { GraderWaitingNote } from "./grader-notices";
import { DecodeLoopChart } from "./decode-loop-chart";
import { StageChart } from "./stage-chart";
import { formatMs } from "./stage-summary";
import { isFinished, isRedacted, type HiddenTestResultView, type SubmissionView, type TestResultView, type TestView, type Verdict } from "@/lib/grader/submission-contract";

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

/** One line for a hidden test's failure: "ZeroDivisionError: division by zero · line 3 of your code". */
export function hiddenFailureText(test: HiddenTestResultView, locale: Locale): string | null {
  const f = test.failure;
  if (!f) return null;
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  if (f.kind === "wrong") return t("results.hiddenWrong");
  if (f.customType) return [t("results.hiddenCustom"), f.line !== null ? t("results.atLine", { line: f.line }) : null].filter(Boolean).join(" · ");
  const head = f.type ? (f.message ? `${f.type}: ${f.message}` : f.kind === "error" ? `${f.type} (${t("results.hiddenRaised")})` : f.type) : f.message;
  return [head, f.line !== null ? t("results.atLine", { line: f.line }) : null].filter(Boolean).join(" · ") || null;
}

function HiddenTestRow({ test, n, locale }: { test: HiddenTestResultView; n: number; locale: Locale }) {
  const failure = hiddenFailureText(test, locale);
  return (
    <li className="test-row" data-testid="test-row" data-verdict={test.verdict} data-hidden="true">
      <details open={test.verdict !== "AC" && failure !== null}>
        <summary>
          <VerdictBadge verdict={test.verdict} locale={locale} /> {translate(locale, "results.hiddenTest", { n })}
          <span className="tag">{translate(locale, "results.hidden")}</span>
        </summary>
        {failure ? (
          <div className="test-detail">
            <pre className="error-box" data-testid="hidden-failure">{failure}</pre>
          </div>
        ) : null}
      </details>
    </li>
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
          <span className="muted"> · {formatMs(test.wallMs)} · {translatePlural(locale, "results.engineCalls", test.engineCalls)} · {translatePlural(locale, "results.tokens", test.tokens)}</span>
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

/** "Hidden test 4 failed: RE" / "Test 2 failed: WA" for the first failing test, in test order. */
export function firstFailure(tests: readonly TestView[], locale: Locale): string | null {
  const index = tests.findIndex((x) => x.verdict !== "AC");
  if (index < 0) return null;
  const test = tests[index]!;
  const name = translate(locale, isRedacted(test) ? "results.hiddenTest" : "results.test", { n: index + 1 });
  return translate(locale, "results.failedAt", { test: name, verdict: test.verdict });
}

export const SubmissionResults = forwardRef<HTMLHeadingElement, { submission: SubmissionView; locale: Locale }>(function SubmissionResults({ submission, locale }, headingRef) {
  const t = (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
  const tests = [...submission.tests].sort((a, b) => a.ordinal - b.ordinal);
  const finished = isFinished(submission.status);
  const passed = tests.filter((x) => x.verdict === "AC").length;
  const visible = tests.flatMap((x, i) => (isRedacted(x) ? [] : [{ test: x, n: i + 1 }]));
  const hiddenCount = tests.length - visible.length;
  const failedFirst = finished ? firstFailure(tests, locale) : null;
  return (
    <section className="results" aria-labelledby={`results-title-${submission.id}`} aria-busy={!finished} data-testid="results" data-submission-id={submission.id} data-status={submission.status} data-verdict={submission.verdict ?? ""}>
      {/* The heading takes the focus after Run/Submit (WCAG 2.4.3), so a keyboard or screen-reader user lands here. */}
      <h2 className="results-title" id={`results-title-${submission.id}`} tabIndex={-1} ref={headingRef} data-testid="results-heading">{t("results.heading")}</h2>
      <header className="results-head" aria-live="polite">
        <VerdictBadge verdict={finished ? submission.verdict : null} locale={locale} />
        <span className="muted">
          {t(submission.mode === "run" ? "results.modeRun" : "results.modeSubmit")} · {t(`status.${submission.status}` as MessageKey)}
          {tests.length > 0 ? ` · ${t("results.passed", { passed, total: tests.length })}` : ""}
          {finished && submission.score !== null ? ` · ${t("results.score", { score: Math.round(submission.score * 100) })}` : ""}
        </span>
      </header>
      {failedFirst ? <p className="first-failure" data-testid="first-failure">{failedFirst}</p> : null}
      {!finished && submission.waiting ? <GraderWaitingNote waiting={submission.waiting} language={submission.language} locale={locale} /> : null}
      {submission.status === "failed" && submission.error ? (
        <p className="error" role="alert">{t("results.internalError")} {excerpt(submission.error)}</p>
      ) : null}
      {submission.compileError ? (
        <pre className="error-box" data-testid="compile-error">{excerpt(submission.compileError)}</pre>
      ) : null}
      {tests.length > 0 ? (
        <StageChart
          locale={locale}
          hiddenCount={hiddenCount}
          rows={visible.map(({ test: x, n }) => ({ label: `#${n}`, stages: x.stages, ref: x.ref, verdict: x.verdict, engineCalls: x.engineCalls }))}
        />
      ) : null}
      {/* Decoder tests (visible ones only, like the stage chart): prefill and decode steps with the reference's. */}
      <DecodeLoopChart locale={locale} rows={visible.flatMap(({ test: x, n }) => (x.generation ? [{ label: `#${n}`, mine: x.generation, ref: x.refGeneration ?? null }] : []))} />
      <ol className="test-list">
        {tests.map((x, i) =>
          isRedacted(x) ? <HiddenTestRow key={x.ordinal} test={x} n={i + 1} locale={locale} /> : <TestRow key={x.ordinal} test={x} n={i + 1} locale={locale} />,
        )}
      </ol>
      {hiddenCount > 0 ? <p className="muted small">{t("results.hiddenNote")}</p> : null}
    </section>
  );
});
