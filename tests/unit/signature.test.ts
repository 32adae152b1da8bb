/**
 * One signature spec → every language's header, API block and starter (lib/bank/signature.ts, issue 18.7): Python is
 * snake_case and synchronous, JavaScript/TypeScript camelCase and awaited.
 */
import { apiBlock, camelCase, header, paramsFor, snakeCase, starter } from "@/lib/bank/signature";

const py = { entry: "text_classification", params: ["text", "label"] };
const js = { entry: "textClassification", params: ["text", "label"] };

describe("naming", () => {
  it.each([
    ["max_length", "maxLength"],
    ["text", "text"],
    ["top_k_value", "topKValue"],
  ])("camelCase(%p) = %p", (a, b) => expect(camelCase(a)).toBe(b));
  it.each([
    ["maxLength", "max_length"],
    ["text", "text"],
  ])("snakeCase(%p) = %p", (a, b) => expect(snakeCase(a)).toBe(b));
  it("writes parameters in each language's convention", () => {
    expect(paramsFor("python", ["maxLength", "text"])).toEqual(["max_length", "text"]);
    expect(paramsFor("javascript", ["max_length", "text"])).toEqual(["maxLength", "text"]);
  });
});

describe("headers, API blocks and starters", () => {
  it("Python: def with engine last, no await", () => {
    expect(header("python", py)).toBe("def text_classification(text, label, engine):");
    expect(apiBlock("python", py)).not.toContain("await");
    expect(apiBlock("python", py)).toContain("engine.tokenize(model, text)");
  });
  it("JavaScript: async function, camelCase, every engine call awaited", () => {
    expect(header("javascript", { entry: "f", params: ["max_length"] })).toBe("async function f(maxLength, engine) {");
    const block = apiBlock("javascript", js);
    expect(block.startsWith("async function textClassification(text, label, engine) {")).toBe(true);
    const calls = block.match(/engine\.\w+\(/g) ?? [];
    const awaited = block.match(/await engine\.\w+\(/g) ?? [];
    expect(calls.length).toBeGreaterThan(0);
    expect(awaited.length).toBe(calls.length);
  });
  it("TypeScript: typed parameters", () => {
    expect(header("typescript", js)).toBe("async function textClassification(text: any, label: any, engine: Engine): Promise<unknown> {");
  });
  it("starters follow the parameter list", () => {
    expect(starter("python", { entry: "solve", params: ["a", "b_c"] })).toBe("def solve(a, b_c, engine):\n    # your code here\n    return None\n");
    expect(starter("javascript", { entry: "solve", params: ["a", "b_c"] })).toBe("async function solve(a, bC, engine) {\n  // your code here\n  return null;\n}\n");
  });
});
