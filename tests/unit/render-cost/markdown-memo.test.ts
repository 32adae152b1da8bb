/**
 * renderMarkdown remembers what it rendered, keyed by the markdown text itself (docs/adr/1104-page-render-cost.md):
 * the same text gives the same HTML and `removed` list without running the pipeline again, an edited text is
 * rendered afresh (never a stale body), and callers cannot corrupt the memo through the arrays they get back.
 */
import path from "node:path";
import { spawnSync } from "node:child_process";

const REPO = path.resolve(__dirname, "../../..");
type Timed = { html: string; removed: string[]; pipelineRuns: number };
let out: { first: Timed; second: Timed; afterEdit: Timed; afterEviction: Timed };

beforeAll(() => {
  const run = spawnSync(process.execPath, [path.join(REPO, "node_modules/tsx/dist/cli.mjs"), path.join(__dirname, "markdown-memo-child.ts")], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`markdown-memo-child failed: ${run.stderr}`);
  out = JSON.parse(run.stdout);
}, 60_000);

test("the same text renders to the same sanitized HTML and removed list, and a caller's mutation does not stick", () => {
  expect(out.first.html).toContain('class="katex"');
  expect(out.first.html).toContain("hljs");
  expect(out.first.html).not.toContain("<script");
  expect(out.second.html).toBe(out.first.html);
  expect(out.second.removed).toEqual(["raw:<script>alert(1)</script>"]);
});

test("a remembered text does not run the pipeline again; a new or edited text does", () => {
  // First render runs KaTeX and highlighting; a memo hit is a map lookup (the cost is in the web benchmark).
  expect(out.first.pipelineRuns).toBe(1);
  expect(out.second.pipelineRuns).toBe(0);
  expect(out.afterEdit.pipelineRuns).toBe(1);
});

test("an edited text is rendered afresh, not served from the memo", () => {
  expect(out.afterEdit.html).toContain("print</span>(<span class=\"hljs-number\">2</span>)");
  expect(out.afterEdit.html).not.toContain(">1</span>)");
});

test("after more distinct texts than the memo holds, a text still renders exactly as before", () => {
  expect(out.afterEviction.html).toBe(out.first.html);
  expect(out.afterEviction.removed).toEqual(["raw:<script>alert(1)</script>"]);
});
