/**
 * renderMarkdown, the one renderer of bank text for the candidate page and the admin preview: GFM tables,
 * highlighted code, KaTeX math, and a sanitizer that strips scripts and unsafe links and says so in
 * `removed`. Every text in the bank must render with nothing removed.
 *
 * The renderer runs in a child Node process (see support/render-markdown.ts for why).
 */
import path from "node:path";
import { spawnSync } from "node:child_process";

const REPO = path.resolve(__dirname, "../..");

const CASES = {
  table: "| stage | ms |\n| --- | ---: |\n| input | 0.4 |\n| forward | 1.2 |",
  python: "```python\ndef softmax(z):\n    return [1.0 for _ in z]\n```",
  javascript: "```javascript\nconst x = await engine.forward(\"bert\", inputs);\n```",
  inlineMath: "Softmax: $p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$ done.",
  displayMath: "$$\n\\sqrt{d_k} \\quad \\overrightarrow{AB} \\quad \\widehat{xyz} \\quad \\mathbb{R}^{n \\times d}\n$$",
  script: "<script>alert(1)</script>\n\nafter",
  inlineHtml: "text <img src=x onerror=alert(1)> more",
  javascriptLink: "[click](javascript:alert(1)) and [safe](https://example.com)",
  chinese: "**输入处理** → 前向传播 → 后处理",
};

type Rendered = { html: string; removed: string[] };
let output: { bank: { where: string; removed: string[] }[]; cases: Record<keyof typeof CASES, Rendered> };

beforeAll(() => {
  const run = spawnSync(process.execPath, [path.join(REPO, "node_modules/tsx/dist/cli.mjs"), path.join(__dirname, "support/render-markdown.ts"), path.join(REPO, "prisma/bank")], {
    cwd: REPO,
    input: JSON.stringify(CASES),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`render-markdown failed: ${run.stderr}`);
  output = JSON.parse(run.stdout);
}, 60_000);

test("every body, answer, explanation, key point and follow-up probe of the bank renders with nothing removed", () => {
  expect(output.bank.length).toBeGreaterThan(300);
  expect(output.bank.filter((r) => /\.probes\.\d+$/.test(r.where)).length).toBeGreaterThanOrEqual(300);
  expect(output.bank.filter((r) => r.removed.length > 0)).toEqual([]);
});

test("GFM tables render as tables", () => {
  const { html, removed } = output.cases.table;
  expect(removed).toEqual([]);
  expect(html).toContain("<table>");
  expect(html).toContain('<td align="right">0.4</td>');
});

test.each(["python", "javascript"] as const)("fenced %s code is highlighted and keeps its classes", (name) => {
  const { html, removed } = output.cases[name];
  expect(removed).toEqual([]);
  expect(html).toContain(`<code class="hljs language-${name}">`);
  expect(html).toMatch(/<span class="hljs-(keyword|title|built_in)/);
});

test("inline math renders through KaTeX with its MathML kept", () => {
  const { html, removed } = output.cases.inlineMath;
  expect(removed).toEqual([]);
  expect(html).toContain('<span class="katex">');
  expect(html).toContain("<math");
  expect(html).toContain('<annotation encoding="application/x-tex">');
});

test("display math, including stretchy SVG glyphs, loses nothing", () => {
  const { html, removed } = output.cases.displayMath;
  expect(removed).toEqual([]);
  expect(html).toContain("katex-display");
  expect(html).toContain("<svg");
  expect(html).toMatch(/style="height:/);
});

test("raw HTML is never passed through, and its removal is reported", () => {
  expect(output.cases.script.html).not.toContain("<script");
  expect(output.cases.script.removed).toEqual(["raw:<script>alert(1)</script>"]);
  expect(output.cases.script.html).toContain("<p>after</p>");
  expect(output.cases.inlineHtml.html).not.toContain("onerror");
  expect(output.cases.inlineHtml.removed).toEqual(["raw:<img src=x onerror=alert(1)>"]);
});

test("javascript: links lose their href; ordinary links keep it", () => {
  const { html, removed } = output.cases.javascriptLink;
  expect(html).not.toContain("javascript:");
  expect(html).toContain('href="https://example.com"');
  expect(removed).toEqual(["a[href]"]);
});

test("Chinese text and emphasis survive untouched", () => {
  expect(output.cases.chinese).toEqual({ html: "<p><strong>输入处理</strong> → 前向传播 → 后处理</p>", removed: [] });
});
