import { formatMs, sumStages, worstStage } from "@/app/components/stage-summary";
import { mergeStatus, mergeTest } from "@/app/components/submission-stream";
import { parseCustomArgs } from "@/app/components/custom-args";
import type { SubmissionView, TestResultView } from "@/lib/grader/submission-contract";

const st = (inputMs: number, forwardMs: number, postMs: number) => ({ inputMs, forwardMs, postMs });

describe("sumStages", () => {
  it("sums mine over all tests and the reference only over tests that have one", () => {
    const totals = sumStages([
      { stages: st(1, 2, 3), ref: st(1, 1, 1) },
      { stages: st(10, 20, 30), ref: null },
    ]);
    expect(totals.mine).toEqual(st(11, 22, 33));
    expect(totals.ref).toEqual(st(1, 1, 1));
    expect(totals.compared).toBe(1);
  });
  it("has no reference when no test carries one", () => {
    expect(sumStages([{ stages: st(1, 1, 1), ref: null }]).ref).toBeNull();
  });
});

describe("worstStage", () => {
  it("names the stage with the largest ratio to the reference", () => {
    expect(worstStage(st(1, 2, 4.1), st(1, 2, 1))).toEqual({ stage: "post", ratio: 4.1 });
  });
  it("clamps a near-zero reference to the floor instead of dividing by ~0", () => {
    const w = worstStage(st(0.5, 1, 1), st(0.001, 1, 1), 0.05);
    expect(w?.stage).toBe("input");
    expect(w?.ratio).toBeCloseTo(10, 6);
  });
  it("ignores stages where both sides are below the noise floor", () => {
    expect(worstStage(st(0.01, 2, 1), st(0.001, 1, 1))).toEqual({ stage: "forward", ratio: 2 });
  });
  it("is null without a reference", () => {
    expect(worstStage(st(1, 1, 1), null)).toBeNull();
  });
});

describe("formatMs", () => {
  it.each([
    [0.123, "0.12 ms"],
    [12.34, "12.3 ms"],
    [1234, "1.23 s"],
  ])("%p → %p", (ms, text) => expect(formatMs(ms)).toBe(text));
});

const test = (ordinal: number, verdict: TestResultView["verdict"]): TestResultView => ({
  ordinal, verdict, hidden: false, stages: st(1, 1, 1), ref: null, wallMs: 3, engineCalls: 2, tokens: 5,
  stdout: "", stderr: "", error: null, diff: null,
});
const base: SubmissionView = {
  id: "s1", questionSlug: "semantic-vector", language: "python", mode: "run", status: "running", verdict: null,
  score: null, createdAt: "2026-01-01T00:00:00Z", finishedAt: null, code: "", tests: [],
};

describe("mergeTest / mergeStatus", () => {
  it("keeps tests sorted by ordinal and replaces a repeated ordinal", () => {
    let s = mergeTest(base, test(2, "AC"));
    s = mergeTest(s, test(0, "WA"));
    s = mergeTest(s, test(2, "RE"));
    expect(s.tests.map((x) => [x.ordinal, x.verdict])).toEqual([[0, "WA"], [2, "RE"]]);
    expect(base.tests).toEqual([]); // not mutated
  });
  it("applies a status event", () => {
    expect(mergeStatus(base, { status: "done", verdict: "WA", score: 0.5 })).toMatchObject({ status: "done", verdict: "WA", score: 0.5 });
  });
});

describe("parseCustomArgs", () => {
  it.each([
    { name: "empty runs samples", text: "  ", expected: { ok: true, args: undefined } },
    { name: "one string arg", text: '["hi"]', expected: { ok: true, args: ["hi"] } },
  ])("$name", ({ text, expected }) => expect(parseCustomArgs(text, ["text"])).toEqual(expected));
  it.each([
    { name: "not JSON", text: "[hi", message: /JSON/ },
    { name: "not an array", text: '"hi"', message: /array/ },
    { name: "wrong arity", text: '["a", 1]', message: /expected 1 argument/ },
  ])("rejects $name", ({ text, message }) => {
    const r = parseCustomArgs(text, ["text"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
