/**
 * The decode loop of one test as the host saw it: prefill, then one decode step per forward call with a
 * past, timed from the host's clock (docs/adr/0102-decoder-generation.md). A step is the time from one
 * call's logits to the next call's logits: the user's sampling, the round trip and the forward itself —
 * what a user of the model waits per token (TPOT). Bounded whatever the test does: summaries plus at most
 * MAX_STEPS sampled steps, so stored results stay small.
 *
 * @example
 *   generationTiming(sentAt, spans) // → { prefillCalls: 1, decodeCalls: 31, ttftMs: 4.1, tpotMs: 1.9, … }
 */
import type { ForwardSpan } from "./engine-gateway";
import type { GenerationTiming } from "./types";

/** Decode steps kept per test for the chart (evenly sampled when there are more). */
export const MAX_STEPS = 64;

const round = (ms: number) => Math.round(ms * 1000) / 1000;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Evenly spaced picks from `items`, first and last included, at most `max`. */
function sample<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const picked: T[] = [];
  for (let i = 0; i < max; i++) picked.push(items[Math.round((i * (items.length - 1)) / (max - 1))]);
  return picked;
}

/** Null when the test made no decoder forward call. */
export function generationTiming(sentAt: number, spans: readonly ForwardSpan[]): GenerationTiming | null {
  const calls = spans.filter((span) => span.phase !== undefined).sort((a, b) => a.endedAt - b.endedAt);
  if (calls.length === 0) return null;
  const prefills = calls.filter((span) => span.phase === "prefill");
  const firstPrefill = prefills[0];
  const steps: { forwardMs: number; stepMs: number }[] = [];
  let decodeTokens = 0;
  for (let i = 0; i < calls.length; i++) {
    if (calls[i].phase !== "decode") continue;
    decodeTokens += calls[i].tokens ?? 0;
    const previousEnd = i > 0 ? calls[i - 1].endedAt : sentAt;
    steps.push({ forwardMs: calls[i].endedAt - calls[i].startedAt, stepMs: calls[i].endedAt - previousEnd });
  }
  const forwards = steps.map((s) => s.forwardMs).sort((a, b) => a - b);
  const stepTimes = steps.map((s) => s.stepMs).sort((a, b) => a - b);
  const stepTotal = stepTimes.reduce((a, b) => a + b, 0);
  const lastEnd = calls[calls.length - 1].endedAt;
  const decodeWindow = firstPrefill ? lastEnd - firstPrefill.endedAt : 0;
  return {
    prefillCalls: prefills.length,
    decodeCalls: steps.length,
    prefillTokens: prefills.reduce((sum, span) => sum + (span.tokens ?? 0), 0),
    decodeTokens,
    ttftMs: firstPrefill ? round(firstPrefill.endedAt - sentAt) : null,
    prefillForwardMs: round(prefills.reduce((sum, span) => sum + span.endedAt - span.startedAt, 0)),
    tpotMs: steps.length > 0 ? round(stepTotal / steps.length) : null,
    tokensPerSecond: steps.length > 0 && decodeWindow > 0 ? Math.round((decodeTokens / decodeWindow) * 1000 * 10) / 10 : null,
    decode: {
      forwardP50Ms: round(quantile(forwards, 0.5)),
      forwardP90Ms: round(quantile(forwards, 0.9)),
      stepP50Ms: round(quantile(stepTimes, 0.5)),
      stepP90Ms: round(quantile(stepTimes, 0.9)),
      stepMaxMs: round(stepTimes[stepTimes.length - 1] ?? 0),
    },
    steps: sample(steps, MAX_STEPS).map((s) => ({ forwardMs: round(s.forwardMs), stepMs: round(s.stepMs) })),
  };
}
