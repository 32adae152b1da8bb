/**
 * The seed loads bank files, writes each new slug once, never overwrites an admin's edit, and reports every bad
 * file with the path of the problem inside it. Also checks the real bank (prisma/bank) parses cleanly.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { prisma, disconnectPrisma } from "@/lib/db/client";
import { upsertQuestion } from "@/lib/use-cases/questions/upsert-question";
import { getQuestionForGrading } from "@/lib/db/questions/get-question-for-grading";
import { loadBank, seedDatabase } from "@/prisma/seed";
import { getConceptKey } from "@/lib/use-cases/concept/get-concept-key";

const FIXTURES = path.join(__dirname, "fixtures");

afterAll(async () => {
  await disconnectPrisma();
});

test("the project's bank files all parse", () => {
  const { questions, errors } = loadBank();
  expect(errors).toEqual([]);
  expect(questions.length).toBeGreaterThan(0);
  expect(questions.map((q) => q.question.slug)).toEqual(expect.arrayContaining(["semantic-vector", "bert-text-classification"]));
});

test("seeding is idempotent, picks up new files, and never overwrites admin edits", async () => {
  const bankDir = path.join(FIXTURES, "bank");
  const fixtureSlugs = ["fixture-coding-echo", "fixture-concept-stages"];
  const first = await seedDatabase(prisma, { bankDir });
  expect(first.errors).toEqual([]);
  expect(await prisma.question.count({ where: { slug: { in: fixtureSlugs } } })).toBe(2);

  const coding = await getQuestionForGrading({ slug: "fixture-coding-echo" });
  expect(coding.status).toBe("draft");
  expect(coding.coding.tests.map((t) => [t.args, t.expected, t.sample, t.weight])).toEqual([
    [["hello"], undefined, true, 1],
    [["hidden words"], ["[CLS]", "hidden", "words", "[SEP]"], false, 2],
  ]);

  const admin = await prisma.user.create({ data: { id: randomUUID(), email: `seed-admin-${randomUUID()}@example.test`, name: "a", role: "admin" } });
  const current = await prisma.question.findUniqueOrThrow({ where: { slug: "fixture-concept-stages" } });
  await upsertQuestion({
    actor: { id: admin.id, role: "admin" },
    input: {
      slug: "fixture-concept-stages",
      kind: "concept",
      difficulty: "hard",
      tags: ["pipeline"],
      content: { en: { title: "Edited by an admin", body: "new body" } },
    },
    expectedVersion: current.version,
  });
  const editedVersion = current.version + 1;

  // Same files again: recognised by fingerprint, nothing parsed or written.
  expect(await seedDatabase(prisma, { bankDir })).toEqual({ created: [], skipped: [], errors: [], unchanged: true });

  // A bank with one more file: only the new slug is written; existing ones (and the admin's edit) are left alone.
  const grown = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-bank-"));
  try {
    fs.cpSync(bankDir, grown, { recursive: true });
    const newSlug = `fixture-new-${randomUUID().slice(0, 8)}`;
    fs.writeFileSync(
      path.join(grown, "new.yaml"),
      `slug: ${newSlug}\nkind: concept\ndifficulty: easy\ntags: [latency]\ncontent:\n  en: { title: New, body: Added later }\n`,
    );
    const third = await seedDatabase(prisma, { bankDir: grown });
    expect(third).toMatchObject({ created: [newSlug], errors: [], unchanged: false });
    expect(third.skipped.sort()).toEqual(fixtureSlugs);
  } finally {
    fs.rmSync(grown, { recursive: true, force: true });
  }
  const after = await prisma.question.findUniqueOrThrow({ where: { slug: "fixture-concept-stages" }, include: { contents: true } });
  expect([after.version, after.difficulty, after.contents.map((c) => c.title)]).toEqual([editedVersion, "hard", ["Edited by an admin"]]);
});

test("follow-up probes travel from a bank file to the key revealed after an answer, per locale", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-probes-"));
  const slug = `fixture-probes-${randomUUID().slice(0, 8)}`;
  try {
    fs.mkdirSync(path.join(dir, "concept"));
    fs.writeFileSync(
      path.join(dir, "concept", `${slug}.yaml`),
      [
        `slug: ${slug}`,
        "kind: concept",
        "difficulty: easy",
        "tags: [kv-cache]",
        "content:",
        "  en:",
        "    title: Probes",
        "    body: What is cached?",
        "    keyPoints: [keys and values of earlier positions]",
        '    probes: ["Redo it with **GQA** (8 KV heads)", "Why is a step still O(t)?"]',
        "  zh:",
        "    title: 追问",
        "    body: 缓存的是什么？",
        "    keyPoints: [之前位置的 key 和 value]",
        '    probes: ["换成 GQA 再算一遍"]',
        "",
      ].join("\n"),
    );
    expect(await seedDatabase(prisma, { bankDir: dir })).toMatchObject({ created: [slug], errors: [] });
    expect((await getConceptKey({ slug, locale: "en" })).probes).toEqual(["Redo it with **GQA** (8 KV heads)", "Why is a step still O(t)?"]);
    expect((await getConceptKey({ slug, locale: "zh" })).probes).toEqual(["换成 GQA 再算一遍"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("bad files are reported with file and path; good files beside them are still seeded", async () => {
  const report = await seedDatabase(prisma, { bankDir: path.join(FIXTURES, "bad-bank") });
  const byFile = report.errors.map((e) => [path.basename(e.file), e.path]);
  expect(byFile).toEqual(expect.arrayContaining([["bad-args.yaml", "coding.tests.0.args"], ["broken.yaml", ""]]));
  expect(report.errors.find((e) => e.file.endsWith("bad-args.yaml"))!.message).toMatch(/expected 1 arguments \(text\), got 2/);
  expect([...report.created, ...report.skipped]).toEqual(["fixture-good-next-to-bad"]);
  expect(await prisma.question.count({ where: { slug: { in: ["fixture-bad-args", "fixture-broken"] } } })).toBe(0);
});
