import { renderMarkdown } from "@/lib/bank/markdown";

describe("renderMarkdown", () => {
  it("renders math without losing anything", () => {
    const r = renderMarkdown("$\\sqrt{x^2} = \\frac{a}{b}$ and $$\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$");
    expect(r.removed).toEqual([]);
    expect(r.html).toContain("katex");
  });
});
