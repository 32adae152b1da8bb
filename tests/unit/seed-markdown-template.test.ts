/** The downloadable import template parses cleanly into drafts with real key points (issue 18.9). */
import { parseSeedMarkdown } from "@/lib/bank/seed-markdown";
import { SEED_MARKDOWN_TEMPLATE } from "@/lib/bank/seed-markdown-template";
import { keyPointProblems } from "@/lib/bank/key-points";

test("the template imports as drafts whose key points would pass the publish check", () => {
  const { questions, problems } = parseSeedMarkdown("template.md", SEED_MARKDOWN_TEMPLATE, { slugPrefix: "tpl" });
  expect(problems).toEqual([]);
  expect(questions.map((q) => [q.slug, q.kind, q.status])).toEqual([
    ["tpl-3", "concept", "draft"],
    ["tpl-4-1-1", "concept", "draft"],
    ["tpl-4-1-2", "concept", "draft"],
    ["tpl-4-2-1", "coding", "draft"],
  ]);
  for (const q of questions.filter((x) => x.kind === "concept")) {
    expect(q.content.zh!.keyPoints.length).toBeGreaterThan(1);
    expect(keyPointProblems({ ...q, status: "published" })).toEqual([]);
  }
});
