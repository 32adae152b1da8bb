/**
 * The seed-style Markdown importer reads structure with a Markdown parser (remark-parse), not line patterns: a `#`
 * line inside a ~~~ fence is code, not a section; a nested list belongs to its item; sample code may be fenced
 * with ~~~ or more than three backticks.
 */
import { extractKeyPoints, parseSeedMarkdown } from "@/lib/bank/seed-markdown";

const doc = (answer: string) => `# LLM CPU\n\n## 4. 问题\n\n### 4.1. 常见问题\n\n#### 4.1.1. 推理有哪些步骤？\n\n**答案：** ${answer}\n`;

test.each([
  {
    name: "a nested list belongs to its item",
    answer: "关键步骤：\n\n1. 分词\n   - 查词表\n   - 加 [CLS]\n2. 前向传播\n3. 后处理",
    expected: ["分词", "前向传播", "后处理"],
  },
  {
    name: "list-like lines inside a ~~~ fence are code, not key points",
    answer: "步骤如下：\n\n~~~text\n- not a point\n- nor this\n~~~\n\n- 分词\n- 前向传播",
    expected: ["分词", "前向传播"],
  },
  { name: "Chinese enumerations with 1、 still count", answer: "1、量化。\n2、批处理。", expected: ["量化", "批处理"] },
])("extractKeyPoints: $name", ({ answer, expected }) => {
  expect(extractKeyPoints(answer)).toEqual(expected);
});

test("a # line inside a ~~~ fence does not start a question", () => {
  const { questions, problems } = parseSeedMarkdown("seed.md", doc("分词、前向传播和后处理。\n\n~~~python\n# 4.1.2. not a heading\nprint(1)\n~~~\n"));
  expect(problems).toEqual([]);
  expect(questions.map((q) => q.slug)).toEqual(["llm-cpu-4-1-1"]);
  expect(questions[0].content.zh!.answer).toContain("# 4.1.2. not a heading");
});

test("a coding task's sample code fenced with ~~~ gives its entry, parameters and sample input", () => {
  const text = `# LLM CPU\n\n## 4. 题\n\n### 4.2. 算法编程题\n\n#### 4.2.1. 语义向量\n\n**题目描述：** 返回句向量。\n\n**答案：**\n\n~~~python\ndef llm_inference(text, engine):\n    return []\n\ntext = "你好"\n~~~\n`;
  const { questions, problems } = parseSeedMarkdown("seed.md", text);
  expect(problems).toEqual([]);
  expect(questions).toHaveLength(1);
  expect(questions[0].coding!.languages.python.entry).toBe("llm_inference");
  expect(questions[0].coding!.params).toEqual(["text"]);
  expect(questions[0].coding!.tests[0].args).toEqual(["你好"]);
});
