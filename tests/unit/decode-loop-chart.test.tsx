/**
 * The decode-loop chart of decoder tests (app/components/decode-loop-chart.tsx) and its place in the results panel:
 * visible decoder tests show their prefill and decode steps next to the reference's; hidden tests show nothing.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { DecodeLoopChart, type DecodeLoop } from "@/app/components/decode-loop-chart";
import { SubmissionResults } from "@/app/components/submission-results";
import type { HiddenTestResultView, SubmissionView, TestResultView } from "@/lib/grader/submission-contract";

const loop = (ttftMs: number, stepMs: number[], tpotMs: number | null): DecodeLoop & { decode: { forwardP50Ms: number; forwardP90Ms: number; stepP50Ms: number; stepP90Ms: number; stepMaxMs: number } } => ({
  prefillCalls: 1, decodeCalls: stepMs.length, prefillTokens: 5, decodeTokens: stepMs.length, ttftMs, prefillForwardMs: ttftMs / 2, tpotMs,
  tokensPerSecond: tpotMs ? 1000 / tpotMs : null, steps: stepMs.map((s) => ({ forwardMs: s / 2, stepMs: s })),
  decode: { forwardP50Ms: 1, forwardP90Ms: 1, stepP50Ms: 1, stepP90Ms: 1, stepMaxMs: 1 },
});
const st = { inputMs: 1, forwardMs: 2, postMs: 1 };

describe("DecodeLoopChart", () => {
  const html = renderToStaticMarkup(<DecodeLoopChart locale="en" rows={[{ label: "#1", mine: loop(8, [2, 4, 2], 2.5), ref: loop(4, [1, 1, 1], 1) }]} />);

  it("labels your loop and the reference's with TTFT, TPOT and the calls", () => {
    expect(html).toContain('aria-label="#1 yours: TTFT 8.00 ms · TPOT 2.50 ms · 400 tokens/s; 1 prefill call(s), 5 tokens; 3 decode calls, 3 tokens"');
    expect(html).toContain('aria-label="#1 reference: TTFT 4.00 ms · TPOT 1.00 ms · 1000 tokens/s; 1 prefill call(s), 5 tokens; 3 decode calls, 3 tokens"');
  });

  it("draws one bar per decode step on the shared scale, plus the prefill", () => {
    // mine: prefill + forward part, then 3 steps × (step + forward part); the reference the same, faded.
    expect(html.match(/<rect /g)).toHaveLength(2 * (2 + 3 * 2));
    expect(html).toContain('opacity="0.45"');
  });

  it("renders nothing without decoder tests, and speaks Chinese", () => {
    expect(renderToStaticMarkup(<DecodeLoopChart locale="en" rows={[]} />)).toBe("");
    expect(renderToStaticMarkup(<DecodeLoopChart locale="zh" rows={[{ label: "#1", mine: loop(8, [2], null), ref: null }]} />)).toContain("解码循环");
  });
});

describe("results panel", () => {
  const base = { wallMs: 10, engineCalls: 9, tokens: 12, stdout: "", stderr: "", error: null, diff: null, stages: st, ref: st };
  const visible: TestResultView = { ...base, ordinal: 0, verdict: "AC", hidden: false, generation: loop(8, [2, 4], 3), refGeneration: loop(4, [1, 1], 1), args: ["The cat", 2] };
  // A candidate gets hidden tests redacted by the server (ADR 0610): no timings, so no decode loop either.
  const hidden: HiddenTestResultView = { ordinal: 1, verdict: "AC", hidden: true, redacted: true, failure: null };
  const submission: SubmissionView = {
    id: "s1", questionSlug: "greedy-decode-kv-cache", language: "python", mode: "submit", status: "done", verdict: "AC", score: 1,
    compileError: null, createdAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", code: "", tests: [visible, hidden],
  };
  const html = renderToStaticMarkup(<SubmissionResults submission={submission} locale="en" />);

  it("shows the decode loop of visible decoder tests only", () => {
    expect(html).toContain('data-testid="decode-loop-chart"');
    expect(html).toContain("#1 yours: TTFT 8.00 ms");
    expect(html).not.toContain("#2 yours: TTFT");
  });
});
