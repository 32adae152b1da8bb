/**
 * The editor's form state converts back to exactly the question it was loaded from (so opening and saving an
 * untouched question changes nothing), and bad JSON in the test table is reported at its cell's field path.
 */
import { loadBankFiles } from "@/lib/bank/load";
import { QuestionSchema } from "@/lib/bank/schema";
import { blankState, questionFromState, stateFromQuestion } from "@/app/admin/questions/editor-state";
import { changedFields } from "@/lib/use-cases/admin/question-changes";
import { lineDiff } from "@/lib/use-cases/admin/text-diff";
import { extractKeyPoints } from "@/lib/bank/seed-markdown";

const { questions } = loadBankFiles("prisma/bank");

test("the bank has questions to round-trip", () => {
  expect(questions.length).toBeGreaterThan(20);
  expect(questions.some((q) => q.coding)).toBe(true);
});

test.each(questions.map((q) => [q.slug, q] as const))("%s survives editor state → question unchanged", (_slug, question) => {
  const { question: back, errors } = questionFromState(stateFromQuestion(question));
  expect(errors).toEqual({});
  expect(QuestionSchema.parse(back)).toEqual(question);
});

test("unparsable args and expected values are reported per cell; empty expected means 'from the reference'", () => {
  const state = { ...blankState("coding"), slug: "x-y-z" };
  state.tests = [
    { key: "a", name: "", argsText: '["ok"]', expectedText: "", sample: true, weight: 1 },
    { key: "b", name: "", argsText: "[1, ", expectedText: "{bad", sample: false, weight: 1 },
    { key: "c", name: "", argsText: '"not an array"', expectedText: "null", sample: false, weight: 1 },
  ];
  const { question, errors } = questionFromState(state);
  expect(Object.keys(errors).sort()).toEqual(["coding.tests.1.args", "coding.tests.1.expected", "coding.tests.2.args"]);
  const tests = (question.coding as { tests: Record<string, unknown>[] }).tests;
  expect("expected" in tests[0]).toBe(false);
  expect(tests[2].expected).toBeNull();
});

test("changedFields names what an admin changed", () => {
  const q = questions.find((x) => x.slug === "semantic-vector")!;
  const edited = structuredClone(q);
  edited.content.en!.body += "\nMore.";
  edited.coding!.tests.push({ args: ["新"], sample: false, weight: 1 });
  edited.coding!.languages.python.reference = "def llm_inference(text, engine):\n    return []\n";
  expect(changedFields(q, edited)).toEqual(["content.en.body", "coding.languages.python.reference", `coding.tests (${q.coding!.tests.length} → ${q.coding!.tests.length + 1})`]);
  expect(changedFields(q, structuredClone(q))).toEqual([]);
});

test("lineDiff on two long texts that differ in one line marks only that line (no fallback to 'replace everything')", () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
  const edited = [...lines];
  edited[2500] = "changed";
  const diff = lineDiff(lines.join("\n"), edited.join("\n"));
  expect(diff.filter((d) => d.op !== "same")).toEqual([
    { op: "del", text: "line 2500" },
    { op: "add", text: "changed" },
  ]);
  expect(diff).toHaveLength(5001);
});

test("lineDiff keeps common lines and marks the rest", () => {
  expect(lineDiff("a\nb\nc", "a\nc\nd")).toEqual([
    { op: "same", text: "a" },
    { op: "del", text: "b" },
    { op: "same", text: "c" },
    { op: "add", text: "d" },
  ]);
});

test.each([
  { name: "list items", answer: "方面：\n\n1. 量化。\n2. 批处理。", expected: ["量化", "批处理"] },
  { name: "an enumeration", answer: "主要包括分词、前向传播和后处理三个步骤。", expected: ["分词", "前向传播", "后处理"] },
  { name: "sentences", answer: "第一句。第二句！", expected: ["第一句", "第二句"] },
])("extractKeyPoints: $name", ({ answer, expected }) => {
  expect(extractKeyPoints(answer)).toEqual(expected);
});
