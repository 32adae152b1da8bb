/**
 * Child process for markdown-memo.test.ts (unified/remark/rehype are ESM-only and Jest cannot load them in-process;
 * see tests/bank/support/render-markdown.ts). Renders texts in a fixed order and prints what the test checks as JSON.
 */
import { renderMarkdown } from "../../../lib/bank/markdown";

const original = "Softmax: $p_i = e^{z_i} / \\sum_j e^{z_j}$\n\n```python\nprint(1)\n```\n\n<script>alert(1)</script>";
const edited = original.replace("print(1)", "print(2)");

const timed = (md: string) => {
  const t = process.hrtime.bigint();
  const r = renderMarkdown(md);
  return { ...r, ms: Number(process.hrtime.bigint() - t) / 1e6 };
};
// Build the pipeline (highlight.js grammars, KaTeX) first, so `first` times rendering, not start-up.
renderMarkdown("warm-up: $x^2$\n\n```python\nx = 1\n```");
const first = timed(original);
first.removed.push("mutated by a caller"); // must not leak into the next answer for the same text
const second = timed(original);
const afterEdit = timed(edited);
// Fill the memo past its entry bound, then the first text must still render correctly (re-rendered or remembered).
for (let i = 0; i < 2_100; i++) renderMarkdown(`filler ${i}`);
const afterEviction = timed(original);
process.stdout.write(JSON.stringify({ first, second, afterEdit, afterEviction }));
