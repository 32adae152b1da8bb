/**
 * "Similar questions" on the real Word2Vec model and real PostgreSQL: a question about sentence vectors
 * should rank another embedding/pooling question above an unrelated KV-cache one.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { parseQuestionFile } from "@/lib/bank/load";
import { disconnectPrisma, prisma } from "@/lib/db/client";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { searchSimilarQuestions } from "@/lib/db/questions/search-questions";
import { getEngine } from "@/lib/engine";

const run = randomBytes(3).toString("hex");
const ROOT = path.resolve(__dirname, "../..");
const ids: string[] = [];

async function insert(file: string): Promise<string> {
  const { question, errors } = parseQuestionFile(file, fs.readFileSync(path.join(ROOT, "prisma/bank", file), "utf8"));
  if (!question) throw new Error(JSON.stringify(errors));
  const slug = `${question.slug}-${run}`;
  ids.push((await writeQuestion(prisma, { ...question, slug, status: "published" }, { existing: null, authorId: null, summary: "test" })).id);
  return slug;
}

let vectorSlug = "";
let poolingSlug = "";
let kvSlug = "";

beforeAll(async () => {
  vectorSlug = await insert("coding/semantic-vector.yaml");
  poolingSlug = await insert("concept/sentence-embedding-pooling.yaml");
  kvSlug = await insert("coding/kv-cache-memory.yaml");
}, 60_000);

afterAll(async () => {
  await prisma.question.deleteMany({ where: { id: { in: ids } } });
  await disconnectPrisma();
  await (await getEngine()).close();
});

it("ranks the pooling question above the KV-cache one for the sentence-vector task, and never itself", async () => {
  const similar = await searchSimilarQuestions({ actor: null, slug: vectorSlug, locale: "en", limit: 20 });
  const slugs = similar.map((q) => q.slug);
  expect(slugs).not.toContain(vectorSlug);
  expect(slugs).toContain(poolingSlug);
  const pooling = similar.find((q) => q.slug === poolingSlug)!;
  const kv = similar.find((q) => q.slug === kvSlug);
  // Absent from the top 20 while pooling is in it also means pooling ranked higher.
  if (kv) expect(pooling.similarity).toBeGreaterThan(kv.similarity);
  // Best first.
  expect(similar.map((q) => q.similarity)).toEqual([...similar.map((q) => q.similarity)].sort((a, b) => b - a));
  expect(pooling.title).toMatch(/pool/i);
}, 60_000);

it("returns nothing for an unknown slug", async () => {
  expect(await searchSimilarQuestions({ actor: null, slug: `nope-${run}`, locale: "en" })).toEqual([]);
});
