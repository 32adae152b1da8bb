/**
 * Applies a question's work bound (lib/bank/work-bound.ts) to one test: the token ids the solution sent
 * through forward, counted by the gateway on the host, against the bound computed from the test's first
 * forward call (prompt, rows) and the expected value (new). The user's code cannot influence the count.
 *
 * @example
 *   checkWorkBound({ maxForwardTokens: "prompt + new" }, [5, 9, 2], spans)
 *   // → "forward processed 1,830 tokens; with a KV cache it needs at most 96 (prompt + new = 32 + 64) …" or undefined
 */
import type { WorkBound } from "@/lib/bank/schema";
import { compileWorkFormula, generatedCount } from "@/lib/bank/work-bound";
import type { ForwardSpan } from "./engine-gateway";

const count = (n: number) => n.toLocaleString("en-US");

/** A WA explanation when the test used more forward tokens than the bound allows; undefined when within it. */
export function checkWorkBound(bound: WorkBound, expected: unknown, spans: readonly ForwardSpan[]): string | undefined {
  const used = spans.reduce((sum, span) => sum + (span.tokens ?? 0), 0);
  const first = spans[0];
  const vars = { prompt: first?.tokens ?? 0, rows: first?.rows ?? 0, new: generatedCount(expected, bound.generatedPath) ?? 0 };
  let allowed: number;
  let how: string;
  if (typeof bound.maxForwardTokens === "number") {
    allowed = bound.maxForwardTokens;
    how = "the task's limit";
  } else {
    allowed = Math.floor(compileWorkFormula(bound.maxForwardTokens)(vars));
    const names = bound.maxForwardTokens.match(/prompt|rows|new/g) ?? [];
    const shown = [...new Set(names)].map((name) => `${name} ${count(vars[name as keyof typeof vars])}`).join(", ");
    how = `${bound.maxForwardTokens.replace(/\s+/g, " ").trim()}${shown ? ` with ${shown}` : ""}`;
  }
  if (used <= allowed) return undefined;
  const processed = `forward processed ${count(used)} tokens in ${spans.length} call${spans.length === 1 ? "" : "s"}`;
  // A bound without `new` is not about decoding (e.g. "prompt": the whole batch in one forward call).
  if (typeof bound.maxForwardTokens === "string" && !/\bnew\b/.test(bound.maxForwardTokens)) {
    return `${processed}; the task allows at most ${count(allowed)} (${how}): send the whole batch through one forward call`;
  }
  return `${processed}; with a KV cache it needs at most ${count(allowed)} (${how}): after the prompt, send only the new token with "past"`;
}
