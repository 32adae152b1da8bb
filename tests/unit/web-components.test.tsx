/**
 * Server-rendered markup of the result components with fixture submissions shaped like the HTTP API.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { StageChart } from "@/app/components/stage-chart";
import { SubmissionResults } from "@/app/components/submission-results";
import type { SubmissionView, TestResultView } from "@/lib/grader/submission-contract";

const st = (inputMs: number, forwardMs: number, postMs: number) => ({ inputMs, forwardMs, postMs });

const visibleWrong: TestResultView = {
  ordinal: 0, verdict: "WA", hidden: false, stages: st(1, 2, 4.1), ref: st(1, 2, 1), wallMs: 7.1, engineCalls: 2, tokens: 5,
  stdout: "debug line", stderr: "", error: null, diff: "cosine 0.71 < 0.999", args: ["我喜欢吃饭"], expected: [0.6, 0.8], got: [3, 4],
};
const hiddenOk: TestResultView = {
  ordinal: 1, verdict: "AC", hidden: true, stages: st(1, 2, 1), ref: st(1, 2, 1), wallMs: 4, engineCalls: 2, tokens: 3,
  stdout: "", stderr: "", error: null, diff: null,
};
const submission: SubmissionView = {
  id: "s1", questionSlug: "semantic-vector", language: "python", mode: "submit", status: "done", verdict: "WA", score: 0.5,
  compileError: null, createdAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", code: "def f(): pass", tests: [hiddenOk, visibleWrong],
};

describe("StageChart", () => {
  const html = renderToStaticMarkup(<StageChart locale="en" rows={[{ label: "#1", stages: st(1, 2, 4.1), ref: st(1, 2, 1), verdict: "AC", engineCalls: 2 }]} />);

  it("names the stage furthest from the reference", () => {
    expect(html).toContain("your post-processing took 4.1× the reference");
  });
  it("labels each bar for screen readers and offers the numbers as a table", () => {
    expect(html).toContain('aria-label="#1 yours: input processing 1.00 ms, forward pass 2.00 ms, post-processing 4.10 ms; Total 7.10 ms"');
    expect(html).toContain('aria-label="#1 reference: input processing 1.00 ms, forward pass 2.00 ms, post-processing 1.00 ms; Total 4.00 ms"');
    expect(html).toMatch(/<table[^>]*>.*<th scope="row">#1 · yours<\/th><td>1.00 ms<\/td><td>2.00 ms<\/td><td>4.10 ms<\/td><td>7.10 ms<\/td>/s);
  });
  it("uses the stage colours", () => {
    for (const s of ["input", "forward", "post"]) expect(html).toContain(`fill="var(--stage-${s})"`);
  });
  it("renders in Chinese", () => {
    const zh = renderToStaticMarkup(<StageChart locale="zh" rows={[{ label: "#1", stages: st(1, 2, 4.1), ref: st(1, 2, 1), verdict: "AC", engineCalls: 2 }]} />);
    expect(zh).toContain("你的后处理耗时是参考解的 4.1 倍");
  });
});

describe("SubmissionResults", () => {
  const html = renderToStaticMarkup(<SubmissionResults submission={submission} locale="en" />);

  it("shows the overall verdict, score and passed count", () => {
    expect(html).toContain('data-verdict="WA"');
    expect(html).toContain("WA · Wrong answer");
    expect(html).toContain("1/2 tests passed");
    expect(html).toContain("score 50%");
  });
  it("shows the diff, input, expected and got of a visible failure, in ordinal order", () => {
    expect(html).toContain("cosine 0.71 &lt; 0.999");
    expect(html).toContain("[&quot;我喜欢吃饭&quot;]");
    expect(html).toContain("[3,4]");
    expect(html).toContain("debug line");
    expect(html.indexOf("Test 1")).toBeLessThan(html.indexOf("Test 2"));
    expect(html.indexOf('data-verdict="WA"', html.indexOf("test-row"))).toBeLessThan(html.indexOf('data-verdict="AC"'));
  });
  it("marks hidden tests", () => {
    expect(html).toContain(">hidden<");
  });
  it("shows a compile error", () => {
    const ce = renderToStaticMarkup(
      <SubmissionResults submission={{ ...submission, verdict: "CE", compileError: "SyntaxError: invalid syntax (line 3)", tests: [] }} locale="zh" />,
    );
    expect(ce).toContain("SyntaxError: invalid syntax (line 3)");
    expect(ce).toContain("编译错误");
  });
  it("shows a running submission as pending", () => {
    const running = renderToStaticMarkup(<SubmissionResults submission={{ ...submission, status: "running", verdict: null, tests: [visibleWrong] }} locale="en" />);
    expect(running).toContain('aria-busy="true"');
    expect(running).toContain("Running…");
  });
});

describe("SubmissionResults value previews", () => {
  it("cuts long values to a preview but keeps the whole diff", () => {
    const long = Array.from({ length: 100 }, (_, i) => i / 7);
    const html = renderToStaticMarkup(
      <SubmissionResults submission={{ ...submission, tests: [{ ...visibleWrong, expected: long, got: long.map((x) => x * 2) }] }} locale="en" />,
    );
    const preview = JSON.stringify(long).slice(0, 400);
    expect(html).toContain(`${preview}…`);
    expect(html).not.toContain(JSON.stringify(long));
    expect(html).toContain("cosine 0.71 &lt; 0.999");
  });
});

describe("SubmissionResults on a passing custom Run", () => {
  it("shows what the function returned, without an expected value", () => {
    const html = renderToStaticMarkup(
      <SubmissionResults
        submission={{ ...submission, mode: "run", verdict: "AC", score: 1, tests: [{ ...visibleWrong, verdict: "AC", diff: null, expected: [9, 9], got: [0.6, 0.8] }] }}
        locale="en"
      />,
    );
    expect(html).toContain("[0.6,0.8]");
    expect(html).not.toContain("[9,9]");
  });
});
