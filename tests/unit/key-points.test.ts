/** Publishing needs real key points (lib/bank/key-points.ts, issue 18.9): "K" and "V" let any answer score 100 %. */
import { keyPointProblems } from "@/lib/bank/key-points";

const concept = (keyPoints: string[], status: "draft" | "published" = "published") => ({
  kind: "concept" as const,
  status,
  content: { en: { title: "t", body: "b", answer: "a", keyPoints, explanation: "", probes: [] } },
});

describe("keyPointProblems", () => {
  it.each([
    { name: "one-letter key points", points: ["K", "V"], problems: 2 },
    { name: "placeholders", points: ["TODO", "…", "key point 1", "待补充"], problems: 4 },
    { name: "no key points at all", points: [], problems: 1 },
    { name: "two characters", points: ["KV"], problems: 1 },
  ])("refuses $name when publishing", ({ points, problems }) => {
    expect(keyPointProblems(concept(points))).toHaveLength(problems);
  });
  it.each([["输入处理", "前向传播"], ["KV cache", "prefill and decode"], ["softmax"]])("accepts real key points %#", (...points) => {
    expect(keyPointProblems(concept(points))).toEqual([]);
  });
  it("lets drafts and coding questions hold anything", () => {
    expect(keyPointProblems(concept(["K"], "draft"))).toEqual([]);
    expect(keyPointProblems({ ...concept(["K"]), kind: "coding" })).toEqual([]);
  });
  it("names the locale and the key point", () => {
    expect(keyPointProblems(concept(["K"]))[0]).toBe('en key point 1 "K" is too short to score against (at least 3 letters)');
  });
});
