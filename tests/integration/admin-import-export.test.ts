/**
 * Import/export against the real database, with reference solutions graded in the real sandbox on the real engine:
 * a bundle round-trips losslessly, a bad bundle is refused with located problems and changes nothing, and the
 * seed article imports as concept questions plus coding drafts.
 */
import fs from "node:fs";
import { getPrisma } from "@/lib/db/client";
import { applyImport, previewImport } from "@/lib/use-cases/admin/import-bank";
import { exportBank } from "@/lib/use-cases/admin/export-bank";
import { saveQuestion } from "@/lib/use-cases/admin/save-question";
import { setQuestionStatus } from "@/lib/use-cases/admin/set-question-status";
import { AppError } from "@/lib/errors";
import { makeBundle, serializeBundle, bundleJsonSchema, BundleSchema } from "@/lib/bank/bundle";
import { QuestionSchema, type Question } from "@/lib/bank/schema";
import { startValidationGrader, type ValidationGrader } from "../support/validation-grader";
import { asAdmin, codingQuestion, conceptQuestion, createUser, runId, snapshotOf } from "./admin-support";

const SEED_FILE = "/work/shared/seed/000_4607d0d68e6bde87.txt";
const id = runId();
let admin: ReturnType<typeof asAdmin>;
let grader: ValidationGrader;

beforeAll(async () => {
  grader = await startValidationGrader("clockwise_admin_import"); // validation runs on a grader worker (a queue job)
  admin = asAdmin(await createUser("admin"));
}, 120_000);

afterAll(async () => {
  await grader.stop();
});

const file = (questions: unknown[], name = "bank.json") => ({ name, text: JSON.stringify({ format: "clockwise-bank", version: 1, exportedAt: new Date().toISOString(), questions }) });

describe("round trip", () => {
  const published: Question = {
    ...codingQuestion(`rt-coding-${id}`, [
      { name: "small", args: [1, 2], expected: 3, sample: true, weight: 1 },
      { args: [10, -4], sample: false, weight: 2.5 }, // no expected: compared with the reference's output
    ]),
    status: "published",
  };
  published.coding!.checker = { type: "allclose", atol: 1e-9, rtol: 0 };
  published.coding!.limits = { timeMsPerTest: 1500, memoryMb: 128 };
  const questions: Question[] = [
    conceptQuestion(`rt-concept-${id}`),
    published,
    codingQuestion(`rt-draft-${id}`, [
      { args: [0.5, 0.25], expected: 0.75, sample: true, weight: 1 },
      { name: "JSON null is an expected value, not a missing one", args: [null, null], expected: null, sample: false, weight: 1 },
    ]),
  ];
  const slugs = questions.map((q) => q.slug);

  test("import → export → import is lossless and the second import changes nothing", async () => {
    const bundle = serializeBundle(makeBundle(questions));
    const preview = await previewImport({ actor: admin, files: [{ name: "rt.json", text: bundle }] });
    expect(preview.problems).toEqual([]);
    expect(preview.items.map((i) => [i.slug, i.action])).toEqual(slugs.map((s) => [s, "create"]));

    const first = await applyImport({ actor: admin, files: [{ name: "rt.json", text: bundle }] });
    expect(first).toMatchObject({ applied: true, problems: [] });

    const exported = await exportBank({ actor: admin, slugs });
    expect(BundleSchema.safeParse(exported).success).toBe(true);
    const bySlug = Object.fromEntries(exported.questions.map((q) => [q.slug, q]));
    for (const original of questions) expect(bySlug[original.slug]).toEqual(QuestionSchema.parse(original));

    const before = await snapshotOf(slugs, "nobody");
    const second = await applyImport({ actor: admin, files: [{ name: "again.json", text: serializeBundle(exported) }] });
    expect(second.applied).toBe(true);
    expect(second.items.map((i) => i.action)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(await snapshotOf(slugs, "nobody")).toBe(before);
  }, 120_000);

  test("re-importing an edited export updates only what changed, as a new version", async () => {
    const exported = await exportBank({ actor: admin, slugs: [`rt-concept-${id}`] });
    exported.questions[0].content.en!.body = "Edited body";
    const result = await applyImport({ actor: admin, files: [{ name: "edit.json", text: serializeBundle(exported) }] });
    expect(result.items).toEqual([expect.objectContaining({ slug: `rt-concept-${id}`, action: "update", changes: ["content.en.body"] })]);
    const row = await getPrisma().question.findUnique({ where: { slug: `rt-concept-${id}` }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
    expect(row!.version).toBe(2);
    expect(row!.versions[0].summary).toBe("import edit.json: content.en.body");
  });
});

describe("a bad bundle is refused with located problems and changes nothing", () => {
  const existingSlug = `bad-existing-${id}`;
  const newSlug = `bad-new-${id}`;
  beforeAll(async () => {
    await saveQuestion({ actor: admin, input: conceptQuestion(existingSlug), expectedVersion: null });
  });
  // Every bad bundle also carries a valid update and a valid new question: neither may be written.
  const goodUpdate = () => conceptQuestion(existingSlug, { difficulty: "hard" });
  const goodNew = () => conceptQuestion(newSlug);
  const CASES: { name: string; file: () => { name: string; text: string }; expected: object[] }[] = [
    {
      name: "not JSON",
      file: () => ({ name: "broken.json", text: '{"format": "clockwise-bank", "questions": [' }),
      expected: [{ file: "broken.json", index: null, slug: null, path: "", message: expect.stringContaining("not valid JSON") }],
    },
    {
      name: "wrong envelope",
      file: () => ({ name: "env.json", text: JSON.stringify({ format: "something-else", version: 2, exportedAt: "yesterday", questions: [goodUpdate()] }) }),
      expected: [
        { file: "env.json", index: null, path: "format", message: expect.any(String) },
        { file: "env.json", index: null, path: "version", message: expect.any(String) },
        { file: "env.json", index: null, path: "exportedAt", message: expect.any(String) },
      ],
    },
    {
      name: "schema violations",
      file: () => file([goodUpdate(), goodNew(), { ...conceptQuestion(`bad-x-${id}`), difficulty: "impossible", content: { en: { title: "", body: "b" } } }]),
      expected: [
        { file: "bank.json", index: 2, slug: `bad-x-${id}`, path: "difficulty", message: expect.stringContaining("easy") },
        { file: "bank.json", index: 2, slug: `bad-x-${id}`, path: "content.en.title", message: expect.any(String) },
      ],
    },
    {
      name: "wrong number of test arguments",
      file: () => file([goodNew(), codingQuestion(`bad-args-${id}`, [{ args: [1], expected: 1, sample: true, weight: 1 }])]),
      expected: [{ file: "bank.json", index: 1, slug: `bad-args-${id}`, path: "coding.tests.0.args", message: "expected 2 arguments (a, b), got 1" }],
    },
    {
      name: "a limit above the configured maximum",
      file: () => {
        const q = codingQuestion(`bad-args-${id}`, [{ args: [1, 2], expected: 3, sample: true, weight: 1 }]);
        q.coding!.limits = { memoryMb: 999_999 };
        return file([goodNew(), q]);
      },
      expected: [{ file: "bank.json", index: 1, slug: `bad-args-${id}`, path: "coding.limits.memoryMb", message: expect.stringMatching(/^at most 1024 /) }],
    },
    {
      name: "duplicate slugs",
      file: () => file([goodUpdate(), goodNew(), conceptQuestion(newSlug, { difficulty: "medium" })]),
      expected: [{ file: "bank.json", index: 2, slug: newSlug, path: "slug", message: `duplicate slug "${newSlug}" (also question #1)` }],
    },
    {
      name: "a published coding question whose reference fails",
      file: () =>
        file([goodUpdate(), goodNew(), { ...codingQuestion(`bad-ref-${id}`, [{ args: [1, 2], expected: 3, sample: true, weight: 1 }, { name: "wrong", args: [2, 2], expected: 5, sample: false, weight: 1 }]), status: "published" }]),
      expected: [
        { file: "bank.json", index: 2, slug: `bad-ref-${id}`, path: "coding.languages", message: expect.stringMatching(/^reference fails validation: python: test 2 \(wrong\): WA/) },
        { file: "bank.json", index: 2, slug: `bad-ref-${id}`, path: "coding.languages", message: expect.stringMatching(/^reference fails validation: javascript: test 2 \(wrong\): WA/) },
      ],
    },
  ];

  test.each(CASES)("$name", async ({ file: makeFile, expected }) => {
    const slugs = [existingSlug, newSlug, `bad-x-${id}`, `bad-args-${id}`, `bad-ref-${id}`];
    const before = await snapshotOf(slugs, admin.id);
    const result = await applyImport({ actor: admin, files: [makeFile()] });
    expect(result.applied).toBe(false);
    expect(result.problems).toEqual(expected.map((e) => expect.objectContaining(e)));
    expect(await snapshotOf(slugs, admin.id)).toBe(before);
  }, 60_000);
});

describe("seed-style Markdown", () => {
  const prefix = `seed${id}`;
  test("the seed article imports as drafts: concept questions with answers, the analogy table, and two coding tasks", async () => {
    const text = fs.readFileSync(SEED_FILE, "utf8");
    const files = [{ name: "000_4607d0d68e6bde87.txt", text }];
    const preview = await previewImport({ actor: admin, files, options: { markdown: { slugPrefix: prefix } } });
    expect(preview.problems).toEqual([]);
    expect(preview.items.map((i) => [i.slug, i.kind, i.status, i.action])).toEqual([
      // Imports land as drafts (issue 18.9): an article is reviewed before anyone is scored against it.
      [`${prefix}-3`, "concept", "draft", "create"],
      [`${prefix}-4-1-1`, "concept", "draft", "create"],
      [`${prefix}-4-1-2`, "concept", "draft", "create"],
      [`${prefix}-4-2-1`, "coding", "draft", "create"],
      [`${prefix}-4-2-2`, "coding", "draft", "create"],
    ]);
    const result = await applyImport({ actor: admin, files, options: { markdown: { slugPrefix: prefix } } });
    expect(result.applied).toBe(true);

    const exported = await exportBank({ actor: admin, slugs: preview.items.map((i) => i.slug) });
    const q = Object.fromEntries(exported.questions.map((x) => [x.slug.slice(prefix.length + 1), x]));
    expect(q["4-1-1"].content.zh).toMatchObject({
      title: "LLM推理过程中有哪些关键步骤？",
      answer: "LLM推理过程主要包括输入处理、前向传播、后处理和反馈调整四个关键步骤。",
      keyPoints: ["输入处理", "前向传播", "后处理", "反馈调整"],
    });
    expect(q["4-1-2"].content.zh!.keyPoints).toHaveLength(4);
    expect(q["4-1-2"].content.zh!.keyPoints[3]).toBe("对模型进行量化，降低模型复杂度和存储需求");
    expect(q["3"].tags).toContain("cpu-analogy");
    expect(q["3"].content.zh!.keyPoints).toEqual(["时钟周期对应独立时刻", "取指令对应输入处理", "解码指令对应前向传播", "执行指令对应后处理", "调整指令对应反馈调整"]);
    expect(q["3"].content.zh!.body).not.toContain("输入处理 |"); // the answer column is hidden in the statement
    expect(q["4-2-1"].coding).toMatchObject({
      params: ["text"],
      languages: { python: { entry: "llm_inference" }, javascript: { entry: "llmInference" } },
      tests: [{ args: ["我是一个人工智能助手"], sample: true }],
    });
    expect(q["4-2-1"].coding!.languages.python.reference).toBeUndefined();
    expect(q["4-2-1"].content.zh!.explanation).toContain("Word2Vec(text.split())");
    expect(q["4-2-2"].coding).toMatchObject({ languages: { python: { entry: "text_classification" } }, tests: [{ args: ["我喜欢吃饭"] }] });
    expect(q["4-2-2"].tags).toEqual(expect.arrayContaining(["bert", "classification"]));

    // The drafts cannot be published until the admin writes their references.
    const refused = await setQuestionStatus({ actor: admin, slugs: [`${prefix}-4-2-1`], status: "published" }).catch((e: unknown) => e);
    expect((refused as AppError).code).toBe("INVALID_INPUT");
    expect((refused as AppError).fields![`${prefix}-4-2-1`][0]).toMatch(/Python reference solution is missing/);
  }, 60_000);
});

test("bank source files (.yaml) import too, with their own located errors", async () => {
  const good = fs.readFileSync("prisma/bank/concept/kv-cache-basics.yaml", "utf8").replace("slug: kv-cache-basics", `slug: yaml-${id}`);
  const bad = "slug: yaml-bad\nkind: concept\n";
  const preview = await previewImport({ actor: admin, files: [{ name: "good.yaml", text: good }, { name: "bad.yaml", text: bad }] });
  expect(preview.items.map((i) => [i.slug, i.action])).toEqual([[`yaml-${id}`, "create"]]);
  expect(preview.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: "bad.yaml", index: 0, path: "difficulty" })]));
});

test("the published JSON Schema describes the bundle envelope and the question format", () => {
  const schema = bundleJsonSchema() as { properties: Record<string, { const?: unknown }>; required: string[]; $defs?: object };
  expect(schema.properties.format.const).toBe("clockwise-bank");
  expect(schema.properties.version.const).toBe(1);
  expect(schema.required).toEqual(expect.arrayContaining(["format", "version", "exportedAt", "questions"]));
  const committed = JSON.parse(fs.readFileSync("docs/bank-bundle.schema.json", "utf8"));
  expect(committed).toEqual(JSON.parse(JSON.stringify(bundleJsonSchema())));
});
