/**
 * Issue 16.4: imported markdown must not paint over the page. KaTeX writes inline styles from the author's TeX;
 * `maxSize` caps the sizes and lib/bank/style-allow-list.ts keeps only layout/colour declarations within ±40 em.
 * Judged on the rendered HTML's style attributes; each case has what must not survive.
 */
import { renderMarkdown } from "@/lib/bank/markdown";
import { LENGTH_LIMIT_EM, safeStyle } from "@/lib/bank/style-allow-list";

/** Every length in every style attribute of the HTML, in em (px/16, pt/12, ex/2). */
function lengthsEm(html: string): number[] {
  const out: number[] = [];
  for (const [, style] of html.matchAll(/style="([^"]*)"/g)) {
    for (const [, value, unit] of style!.matchAll(/(-?\d*\.?\d+)(em|ex|px|pt)/g)) {
      out.push(Math.abs(Number(value)) * ({ em: 1, ex: 0.5, px: 1 / 16, pt: 1 / 12 } as Record<string, number>)[unit!]!);
    }
  }
  return out;
}

const styles = (html: string) => [...html.matchAll(/style="([^"]*)"/g)].map((m) => m[1]!);

test.each([
  { name: "a 3000px rule", md: "$\\rule{3000px}{3000px}$" },
  { name: "a 500em rule", md: "$$\\rule{500em}{500em}$$" },
  { name: "a -300em kern pulling text left", md: "$\\kern{-300em}\\text{fake header}$" },
  { name: "a raisebox lifting text", md: "$\\raisebox{400em}{\\text{fake}}$" },
  { name: "a huge mskip", md: "$a\\mskip{-9000mu}b$" },
  { name: "a giant hspace", md: "$a\\hspace{-100em}b$" },
])("$name: no length beyond maxSize/the allow-list", ({ md }) => {
  const { html } = renderMarkdown(md);
  for (const em of lengthsEm(html)) expect(em).toBeLessThanOrEqual(LENGTH_LIMIT_EM);
});

test("a macro bomb stops at maxExpand instead of hanging the render", () => {
  const { html } = renderMarkdown("$\\def\\a{\\a\\a}\\a$ and $\\def\\b{xxxxxxxx\\b}\\b$");
  expect(html.length).toBeLessThan(20_000);
});

test.each([
  ["position:fixed;top:0", "top:0"],
  ["height:0.69em;position:absolute;z-index:99", "height:0.69em"],
  ["background-image:url(https://evil.example/x.png)", ""],
  ["color:red;background-color:#fff", "color:red;background-color:#fff"],
  ["margin-right:-300em;margin-left:0.16em", "margin-left:0.16em"],
  ["width:calc(100vw)", ""],
  ["color:expression(alert(1))", ""],
  ["font-size:400px", ""],
])("safeStyle(%j) → %j", (input, expected) => {
  expect(safeStyle(input)).toBe(expected);
});

test("control: ordinary formulas keep the styles KaTeX needs to lay them out", () => {
  const { html, removed } = renderMarkdown("$\\frac{a}{b} + \\sqrt{x^2} + \\color{red}{y}$ and $$\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}$$");
  expect(styles(html).some((s) => /height:/.test(s))).toBe(true);
  expect(styles(html).some((s) => /color:red/.test(s))).toBe(true);
  expect(removed.filter((d) => d === "span[style]")).toEqual([]);
});
