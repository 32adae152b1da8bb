/**
 * Starters follow the parameter list in the admin editor (issue 18.7): a generated starter is regenerated when the
 * parameters change, a blank one is filled in, and one the admin wrote is kept as is.
 */
import { blankState, followingStarter, questionFromState } from "@/app/admin/questions/editor-state";

describe("followingStarter", () => {
  it("regenerates an untouched generated starter for the new parameters (Python and JavaScript)", () => {
    expect(followingStarter("python", "solve", ["text", "label"], "def solve(text, engine):\n    # your code here\n    return None\n")).toBe(
      "def solve(text, label, engine):\n    # your code here\n    return None\n",
    );
    expect(followingStarter("javascript", "solve", ["text", "max_len"], "async function solve(text, engine) {\n  // your code here\n  return null;\n}\n")).toBe(
      "async function solve(text, maxLen, engine) {\n  // your code here\n  return null;\n}\n",
    );
  });
  it("fills a blank starter and keeps a hand-written one", () => {
    expect(followingStarter("python", "f", ["a"], "  ")).toBe("def f(a, engine):\n    # your code here\n    return None\n");
    const own = "def solve(text, engine):\n    ids = engine.tokenize('word2vec', text)\n    return ids\n";
    expect(followingStarter("python", "solve", ["text", "label"], own)).toBe(own);
  });
});

test("a new coding question's starters follow a parameter change", () => {
  const state = blankState("coding");
  state.params = "text, label";
  const { question } = questionFromState(state);
  const languages = (question.coding as { languages: Record<string, { starter: string }> }).languages;
  expect(languages.python!.starter.startsWith("def solve(text, label, engine):")).toBe(true);
  expect(languages.javascript!.starter.startsWith("async function solve(text, label, engine) {")).toBe(true);
});
