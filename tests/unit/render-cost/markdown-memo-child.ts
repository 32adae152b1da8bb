/**
 * Child process for markdown-memo.test.ts (unified/remark/rehype are ESM-only and Jest cannot load them in-process;
 * see tests/bank/support/render-markdown.ts). Renders texts in a fixed order and prints what the test checks as JSON.
 */
import { unified } from "unified";
import { renderMarkdown } from "../../../lib/bank/markdown";

// Count runs of the unified pipeline (every processor shares the Processor prototype), so the test can say
// "rendered" or "remembered" by what happened instead of by how long it took.
let pipelineRuns = 0;
const processorPrototype = Object.getPrototypeOf(unified()) as { processSync: (...args: unknown[]) => unknown };
const processSync = processorPrototype.processSync;
processorPrototype.processSync = function (this: unknown, ...args: unknown[]) {
  pipelineRuns++;
  return processSync.apply(this, args);
};

const original = "Softmax: $p_i = e^{z_i} / \\sum_j e^{z_j}$\n\n```python\nprint(1)\n```\n\n<script>alert(1)</script>";
const edited = original.replace("print(1)", "print(2)");

const timed = (md: string) => {
  const before = pipelineRuns;
  const r = renderMarkdown(md);
  return { ...r, pipelineRuns: pipelineRuns - before };
};
renderMarkdown("warm-up: $x^2$\n\n```python\nx = 1\n```");
const first = timed(original);
first.removed.push("mutated by a caller"); // must not leak into the next answer for the same text
const second = timed(original);
const afterEdit = timed(edited);
// Fill the memo past its entry bound, then the first text must still render correctly (re-rendered or remembered).
for (let i = 0; i < 2_100; i++) renderMarkdown(`filler ${i}`);
const afterEviction = timed(original);
process.stdout.write(JSON.stringify({ first, second, afterEdit, afterEviction }));
