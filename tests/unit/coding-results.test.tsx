/**
 * The coding results panel after ADR 0610/0611: hidden tests render their verdict and redacted failure only, the first
 * failing test is named, and the timing sentence compares accepted tests with engine calls by median, with a range.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { compareWithReference } from "@/app/components/stage-summary";
import { SubmissionResults, firstFailure } from "@/app/components/submission-results";
import type { HiddenTestResultView, SubmissionView, TestResultView } from "@/lib/grader/submission-contract";

const st = (inputMs: number, forwardMs: number, postMs: number) => ({ inputMs, forwardMs, postMs });

describe("compareWithReference", () => {
  const ac = (mine: number, ref: number, engineCalls = 2) => ({ verdict: "AC", engineCalls, stages: st(mine, 1, 1), ref: st(ref, 1, 1) });

  it("reports the stage with the largest median ratio, with the per-test range and count", () => {
    expect(compareWithReference([ac(2, 1), ac(4, 1), ac(20, 1)])).toEqual({ kind: "compare", stage: "input", ratio: 4, low: 2, high: 20, n: 3 });
  });
  it.each([
    { name: "no engine calls", tests: [ac(5, 1, 0)], reason: "noEngine" },
    { name: "only failed tests (RE after 1 ms, TLE at the limit)", tests: [{ ...ac(939, 1), verdict: "TLE" }, { ...ac(0.2, 1), verdict: "RE" }], reason: "noAccepted" },
    { name: "no reference timings", tests: [{ ...ac(3, 1), ref: null }], reason: "noRef" },
  ])("gives no ratio with $name", ({ tests, reason }) => {
    expect(compareWithReference(tests)).toEqual({ kind: "none", reason });
  });
  it("ignores failed tests and tests without engine calls when others can be compared", () => {
    const verdict = compareWithReference([{ ...ac(900, 1), verdict: "TLE" }, ac(3, 1, 0), ac(2, 1)]);
    expect(verdict).toMatchObject({ kind: "compare", stage: "input", ratio: 2, n: 1 });
  });
});

const visible = (ordinal: number, verdict: TestResultView["verdict"]): TestResultView => ({
  ordinal, verdict, hidden: false, stages: st(1, 2, 1), ref: st(1, 2, 1), wallMs: 4, engineCalls: 2, tokens: 3, stdout: "", stderr: "", error: null, diff: null,
});
const hidden = (ordinal: number, verdict: HiddenTestResultView["verdict"], failure: HiddenTestResultView["failure"]): HiddenTestResultView => ({
  ordinal, verdict, hidden: true, redacted: true, failure,
});
const base: SubmissionView = {
  id: "s1", questionSlug: "semantic-vector", language: "python", mode: "submit", status: "done", verdict: "RE", score: 0.5,
  createdAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", code: "", tests: [],
};

describe("SubmissionResults with hidden tests", () => {
  const tests = [visible(0, "AC"), hidden(1, "AC", null), hidden(2, "AC", null), hidden(3, "RE", { kind: "error", type: "ZeroDivisionError", message: "division by zero", line: 3 })];
  const en = renderToStaticMarkup(<SubmissionResults submission={{ ...base, tests }} locale="en" />);
  const zh = renderToStaticMarkup(<SubmissionResults submission={{ ...base, tests }} locale="zh" />);

  it("has a results heading that can take the focus", () => {
    expect(en).toMatch(/<h2 class="results-title"[^>]*tabindex="-1"[^>]*>Results<\/h2>/);
    expect(zh).toContain(">结果</h2>");
  });
  it("names the first failing test and shows the hidden error's type, message and line", () => {
    expect(en).toContain("Hidden test 4 failed: RE");
    expect(en).toContain("ZeroDivisionError: division by zero · line 3 of your code");
    expect(zh).toContain("隐藏测试 4未通过：RE");
    expect(zh).toContain("你的代码第 3 行");
  });
  it("charts only the visible tests and says how many hidden ones are left out", () => {
    expect(en.match(/role="img"/g)?.length).toBe(2); // the one visible test: yours + reference
    expect(en).toContain("3 hidden test(s) are not charted");
  });
  it("says why an own exception class or own raise shows no message", () => {
    const custom = renderToStaticMarkup(
      <SubmissionResults submission={{ ...base, tests: [hidden(0, "RE", { kind: "error", type: null, message: null, line: 7, customType: true }), hidden(1, "RE", { kind: "error", type: "ValueError", message: null, line: 9 })] }} locale="en" />,
    );
    expect(custom).toContain("An exception of a class your code defined");
    expect(custom).toContain("ValueError (raised by your own code (raise/throw); on a hidden test its message is not shown) · line 9 of your code");
  });
  it("names a visible failure as a plain test", () => {
    expect(firstFailure([visible(0, "AC"), visible(1, "WA")], "en")).toBe("Test 2 failed: WA");
    expect(firstFailure([visible(0, "AC")], "en")).toBeNull();
  });
});
