/**
 * Imports questions from Markdown written in the style of the seed article (shared/seed/000_….txt):
 *
 *   ## 3. 独立时刻与CPU时钟周期的类比        a section with a two-column table → one concept question about the table
 *   ### 4.1. 常见问题                          a group of concept questions
 *   #### 4.1.1. LLM推理过程中有哪些关键步骤？  one question: heading = title
 *   **答案：** …                               the reference answer (list items become key points)
 *   ### 4.2. 算法编程题                        a group of coding tasks (heading mentions 编程/代码/coding/programming)
 *   #### 4.2.1. 实现一个简单的LLM推理过程      one coding task
 *   **题目描述：** …                           the statement
 *   **答案：** … ```python def f(text): …```   sample code: gives the entry name, params and a sample input
 *
 * Everything comes out as a DRAFT unless told otherwise (issue 18.9: an imported article is reviewed before anyone
 * is scored against it; publishing checks key points and references). Coding tasks are always drafts: the
 * article's sample code is kept in the explanation for the admin, entries/params/sample test are derived from
 * it, and the admin writes the reference solutions and tests before publishing (publishing validates them).
 * Slugs are `<prefix>-<section number>` (e.g. `llm-cpu-4-1-1`), stable across re-imports of the same file.
 *
 * @example
 *   const { questions, problems } = parseSeedMarkdown("seed.md", text);
 *   questions.map((q) => q.slug) // → ["llm-cpu-3", "llm-cpu-4-1-1", "llm-cpu-4-1-2", "llm-cpu-4-2-1", "llm-cpu-4-2-2"]
 */
import type { Code, List, ListItem, Nodes, Root } from "mdast";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { QuestionSchema, type Question } from "./schema";
import type { Tag } from "./tags";
import type { ImportProblem, ParsedQuestions } from "./bundle";

export interface SeedMarkdownOptions {
  /** Slug prefix; default: the ASCII words of the document title ("LLM…CPU…" → "llm-cpu"), else "md". */
  slugPrefix?: string;
  /** Status of the concept questions (coding tasks are always drafts). Default "draft". */
  conceptStatus?: "draft" | "published";
}

interface Heading {
  level: number;
  /** "4.1.1" (no trailing dot) or "" when the heading is not numbered. */
  number: string;
  title: string;
  line: number;
}

interface Section {
  heading: Heading;
  /** Lines up to the next heading of any level. */
  body: string[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const NUMBERED = /^(\d+(?:\.\d+)*)\.?\s+(.*)$/;
const ANSWER_MARK = /^\*\*\s*(答案|参考答案|Answer|Reference answer)\s*[：:]\s*\*\*\s*/i;
const STATEMENT_MARK = /^\*\*\s*(题目描述|题目|Description|Problem)\s*[：:]\s*\*\*\s*/i;
const CODING_GROUP = /编程|代码|算法题|coding|programming/i;

/** Keyword → tag, for tagging imported questions (the bank only accepts known tags). */
const TAG_KEYWORDS: Array<[RegExp, Tag]> = [
  [/CPU|时钟|clock/i, "cpu-analogy"],
  [/word2vec|词向量|语义向量/i, "word2vec"],
  [/word2vec|向量|embedding/i, "embeddings"],
  [/BERT/, "bert"],
  [/分类|classif|cross.?entropy|交叉熵/i, "classification"],
  [/(?<!向)量化|quantiz/i, "quantization"],
  [/优化|加速|optimi[sz]/i, "optimization"],
  [/分词|token/i, "tokenization"],
  [/注意力|attention/i, "attention"],
  [/批|batch/i, "batching"],
  [/延迟|latency/i, "latency"],
  [/推理过程|推理流程|步骤|inference pipeline|前向传播/i, "pipeline"],
];

function parseHeading(line: string, index: number): Heading | null {
  const match = HEADING.exec(line);
  if (!match) return null;
  const text = match[2];
  const numbered = NUMBERED.exec(text);
  return numbered
    ? { level: match[1].length, number: numbered[1], title: numbered[2].trim(), line: index + 1 }
    : { level: match[1].length, number: "", title: text.trim(), line: index + 1 };
}

/** The Markdown syntax tree (remark-parse, CommonMark): fences of any kind and length, nested lists, setext headings. */
function parseTree(text: string): Root {
  return unified().use(remarkParse).parse(text);
}

/** The plain text of a node (inline code and emphasis included, markup dropped). */
function plainText(node: Nodes): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  if ("children" in node) return (node.children as Nodes[]).map(plainText).join("");
  return "";
}

/**
 * Splits the document at its headings — the ones the Markdown parser sees, so a `#` line inside any fenced code
 * block (``` or ~~~, any length) never starts a section.
 */
function splitSections(text: string): { title: string; sections: Section[] } {
  const normalized = text.replace(/\r\n?/g, "\n");
  const lines = normalized.split("\n");
  const headings = parseTree(normalized).children.filter((node) => node.type === "heading" && node.position);
  const sections: Section[] = [];
  let title = "";
  headings.forEach((node, i) => {
    if (node.type !== "heading") return;
    const first = node.position!.start.line - 1;
    const bodyStart = node.position!.end.line;
    const bodyEnd = i + 1 < headings.length ? headings[i + 1].position!.start.line - 1 : lines.length;
    // ATX headings parse from their own line; a setext heading (text underlined with === or ---) from its text.
    const heading = parseHeading(lines[first], first) ?? parseHeading(`${"#".repeat(node.depth)} ${plainText(node)}`, first)!;
    if (heading.level === 1 && !title) title = heading.title;
    sections.push({ heading, body: lines.slice(bodyStart, bodyEnd) });
  });
  return { title, sections };
}

function defaultPrefix(title: string): string {
  const words = title.match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
  const prefix = words.map((w) => w.toLowerCase()).join("-");
  return prefix.length >= 2 ? prefix : "md";
}

function inferTags(text: string, fallback: Tag): Question["tags"] {
  const tags: Tag[] = [];
  for (const [pattern, tag] of TAG_KEYWORDS) if (pattern.test(text) && !tags.includes(tag)) tags.push(tag);
  if (tags.length === 0) tags.push(fallback);
  return tags.slice(0, 8) as Question["tags"];
}

const trimBlock = (lines: string[]) => lines.join("\n").replace(/^\s*\n/, "").trimEnd().trim();

/** Splits a question's lines into statement and answer at the `**答案：**` marker. */
function splitAnswer(lines: string[]): { statement: string; answer: string } {
  const at = lines.findIndex((l) => ANSWER_MARK.test(l.trim()));
  const before = at === -1 ? lines : lines.slice(0, at);
  const after = at === -1 ? [] : [lines[at].trim().replace(ANSWER_MARK, ""), ...lines.slice(at + 1)];
  return { statement: trimBlock(before.map((l) => l.replace(STATEMENT_MARK, ""))), answer: trimBlock(after) };
}

const stripPunctuation = (s: string) => s.replace(/^[\s*_`]+|[\s*_`。．.;；，,！？!?]+$/g, "").trim();

/**
 * Key points of an answer: its list items; otherwise the items of an enumeration ("A、B、C和D"); otherwise its
 * sentences. At most 12, each at most 500 characters (the bank's limits).
 */
export function extractKeyPoints(answer: string): string[] {
  const tree = parseTree(answer);
  // Top-level list items are the key points; a nested list belongs to its item (not a key point of its own).
  const listItems = tree.children
    .filter((node): node is List => node.type === "list")
    .flatMap((list) => list.children.map((item: ListItem) => item.children.filter((c) => c.type !== "list").map(plainText).join(" ")));
  // Prose without code blocks of any fence; "1、…" lines are not Markdown lists, so lines are still read below.
  const prose = tree.children
    .filter((node) => node.type !== "code")
    .map((node) => answer.slice(node.position!.start.offset, node.position!.end.offset))
    .join("\n\n");
  const lineItems = prose
    .split("\n")
    .map((l) => /^(?:\d+[.)、]|[-*+])\s*(.*)$/.exec(l.trim())?.[1])
    .filter((s): s is string => Boolean(s));
  const items = (listItems.length >= 2 ? listItems : lineItems).map(stripPunctuation).filter(Boolean);
  if (items.length >= 2) return items.slice(0, 12).map((s) => s.slice(0, 500));
  const enumeration = /([^\s、，。：:,]+、)+[^\s、，。,]+/.exec(prose)?.[0];
  if (enumeration) {
    const parts = enumeration.split("、");
    parts[0] = parts[0].replace(/^.*(包括|包含|主要有|分为|是|有)/, "");
    const last = parts.pop()!;
    const [beforeAnd, afterAnd] = last.split(/和|及|与|以及/, 2);
    parts.push(beforeAnd);
    if (afterAnd !== undefined) parts.push(afterAnd.replace(/(这|等|[一二三四五六七八九十两几]+个|的).*$/, ""));
    const cleaned = parts.map(stripPunctuation).filter(Boolean);
    if (cleaned.length >= 2) return cleaned.slice(0, 12);
  }
  return prose
    .split(/(?<=[。！？!?])\s*|\n+/)
    .map(stripPunctuation)
    .filter(Boolean)
    .slice(0, 12)
    .map((s) => s.slice(0, 500));
}

const snakeToCamel = (name: string) => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

interface SampleCode {
  entry: string;
  params: string[];
  /** Argument values assigned to variables named like the params in the sample (`text = "…"`). */
  args: unknown[] | null;
  code: string;
}

/** The first Python function in the answer's code blocks, its parameters (minus `engine`) and a sample call. */
function readSampleCode(answer: string): SampleCode | null {
  const blocks = parseTree(answer).children.filter((node): node is Code => node.type === "code");
  for (const block of blocks) {
    const code = block.value;
    const def = /^def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)/m.exec(code);
    if (!def) continue;
    const params = def[2]
      .split(",")
      .map((p) => p.trim().split(/[=:]/)[0].trim())
      .filter((p) => p && p !== "engine" && p !== "self");
    const args = params.map((p) => {
      const assigned = new RegExp(`^${p}\\s*=\\s*("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?)\\s*$`, "m").exec(code);
      return assigned ? (JSON.parse(assigned[1]) as unknown) : undefined;
    });
    return { entry: def[1], params: params.length ? params : ["text"], args: args.every((a) => a !== undefined) ? args : null, code };
  }
  return null;
}

function codingDraft(section: Section, slug: string, statement: string, answer: string, tags: Question["tags"]): Question {
  const sample = readSampleCode(answer);
  const params = sample?.params ?? ["text"];
  const entry = sample?.entry ?? "solve";
  const jsEntry = snakeToCamel(entry);
  const args = sample?.args ?? params.map(() => "");
  const note = "> 草稿：由 Markdown 导入。原文示例代码保留在解析中，请补全参考答案（Python/JavaScript）、测试用例与判分方式，验证通过后再发布。";
  return {
    slug,
    kind: "coding",
    difficulty: "medium",
    tags,
    status: "draft",
    content: {
      zh: {
        title: section.heading.title,
        body: statement || section.heading.title,
        answer: "",
        keyPoints: [],
        explanation: `${note}\n\n原文答案：\n\n${answer}`.trim(),
        probes: [],
      },
    },
    coding: {
      params,
      languages: {
        python: {
          entry,
          starter: `def ${entry}(${[...params, "engine"].join(", ")}):\n    # TODO: use engine.tokenize / engine.forward\n    raise NotImplementedError\n`,
        },
        javascript: {
          entry: jsEntry,
          starter: `function ${jsEntry}(${[...params, "engine"].join(", ")}) {\n  // TODO: use await engine.tokenize / engine.forward\n  throw new Error("not implemented");\n}\n`,
        },
      },
      checker: { type: "exact" },
      limits: {},
      tests: [{ name: "seed example", args, sample: true, weight: 1 }],
    },
  };
}

interface TableQuestionParts {
  intro: string;
  table: string[];
  outro: string;
}

/** A section's first GFM table with two columns and at least two rows, with the prose around it. */
function findTable(body: string[]): TableQuestionParts | null {
  const start = body.findIndex((l, i) => /^\s*\|/.test(l) && /^\s*\|?\s*:?-{3,}/.test(body[i + 1] ?? ""));
  if (start === -1) return null;
  let end = start;
  while (end < body.length && /^\s*\|/.test(body[end])) end++;
  const table = body.slice(start, end);
  if (table.length < 4 || cells(table[0]).length !== 2) return null;
  return { intro: trimBlock(body.slice(0, start)), table, outro: trimBlock(body.slice(end)) };
}

const cells = (row: string) => row.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());

function tableQuestion(section: Section, slug: string, parts: TableQuestionParts, status: Question["status"]): Question {
  const [left, right] = cells(parts.table[0]);
  const rows = parts.table.slice(2).map(cells).filter((r) => r.length === 2 && r[0] && r[1]);
  const body = [
    parts.intro,
    "",
    `请写出下表中每个 **${left}** 概念在 **${right}** 中对应的是什么，并说明这种类比帮助理解了什么。`,
    "",
    `| ${left} | ${right} |`,
    "| --- | --- |",
    ...rows.map(([l]) => `| ${l} | ? |`),
  ].join("\n").trim();
  return {
    slug,
    kind: "concept",
    difficulty: "easy",
    tags: inferTags(`${section.heading.title} ${parts.intro}`, "cpu-analogy"),
    status,
    content: {
      zh: {
        title: section.heading.title,
        body,
        answer: [parts.table.join("\n"), parts.outro].filter(Boolean).join("\n\n"),
        keyPoints: rows.slice(0, 12).map(([l, r]) => `${l}对应${r}`),
        explanation: "",
        probes: [],
      },
    },
  };
}

/**
 * Parses one Markdown document in the seed style. Never throws: every question that fails the bank schema is
 * reported with its location (file, index in this document, slug, field path) and left out.
 */
export function parseSeedMarkdown(file: string, text: string, options: SeedMarkdownOptions = {}): ParsedQuestions {
  const { title, sections } = splitSections(text);
  const prefix = (options.slugPrefix ?? defaultPrefix(title)).toLowerCase();
  const conceptStatus = options.conceptStatus ?? "draft";
  const drafts: Array<{ question: Question; line: number }> = [];
  let groupIsCoding = false;
  for (const section of sections) {
    const { heading } = section;
    const slug = `${prefix}-${heading.number.replace(/\./g, "-")}`;
    const hasQuestionChildren = sections.some((s) => s.heading.level > heading.level && s.heading.number.startsWith(`${heading.number}.`));
    if (heading.number && heading.level <= 3 && hasQuestionChildren) {
      groupIsCoding = CODING_GROUP.test(heading.title);
      continue;
    }
    if (!heading.number) continue;
    const { statement, answer } = splitAnswer(section.body);
    if (heading.level >= 4 && (answer || statement)) {
      // Tags come from what is asked, not from the answer (which name-drops BERT, GPU, …).
      const textForTags = `${heading.title}\n${statement}`;
      const coding = groupIsCoding || /```python[\s\S]*?^def\s/m.test(answer) && /实现|implement/i.test(heading.title);
      const tags = inferTags(textForTags, "pipeline");
      const question: Question = coding
        ? codingDraft(section, slug, statement, answer, tags)
        : {
            slug,
            kind: "concept",
            difficulty: "easy",
            tags,
            status: conceptStatus,
            content: { zh: { title: heading.title, body: statement || heading.title, answer, keyPoints: extractKeyPoints(answer), explanation: "", probes: [] } },
          };
      drafts.push({ question, line: heading.line });
      continue;
    }
    const table = findTable(section.body);
    if (table) drafts.push({ question: tableQuestion(section, slug, table, conceptStatus), line: heading.line });
  }

  const problems: ImportProblem[] = [];
  const questions: Question[] = [];
  const indexes: number[] = [];
  if (drafts.length === 0) {
    problems.push({ file, index: null, slug: null, path: "", message: "no questions found (expected numbered '#### 4.1.1. title' headings with a **答案：** part, or a two-column table)" });
  }
  drafts.forEach(({ question, line }, index) => {
    const parsed = QuestionSchema.safeParse(question);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ file, index, slug: question.slug, path: issue.path.map(String).join("."), message: `${issue.message} (heading at line ${line})` });
      }
      return;
    }
    if (questions.some((q) => q.slug === parsed.data.slug)) {
      problems.push({ file, index, slug: question.slug, path: "slug", message: `duplicate section number (heading at line ${line})` });
      return;
    }
    questions.push(parsed.data);
    indexes.push(index);
  });
  return { questions, indexes, problems };
}
