/**
 * "Similar questions" on the real Word2Vec model, real PostgreSQL and the real bank: the sentence-vector coding task
 * should rank the pooling question above the unrelated KV-cache one.
 *
 * The file has its own database seeded with prisma/bank: rankings are measured against the mean vector of every
 * published question, so the shared test database — whatever other files have inserted at that moment
 * (tests/unit/web-bank-scale adds 10,000 questions) — would make them depend on which files run alongside.
 */
import { randomBytes } from "node:crypto";
import { disconnectPrisma, prisma } from "@/lib/db/client";
import { searchSimilarQuestions } from "@/lib/use-cases/questions/search-similar-questions";
import { getEngine } from "@/lib/engine";
import { seedDatabase } from "@/prisma/seed";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";

const VECTOR = "semantic-vector";
const POOLING = "mean-vs-cls-pooling";
const KV_CACHE = "kv-cache-memory";
let db: ScratchDatabase;

beforeAll(async () => {
  db = await useOwnDatabase("clockwise_similar");
  const { created, errors } = await seedDatabase(prisma);
  expect(errors).toEqual([]);
  expect(created).toEqual(expect.arrayContaining([VECTOR, POOLING, KV_CACHE]));
}, 60_000);

afterAll(async () => {
  await disconnectPrisma();
  await db.drop();
  await (await getEngine()).close();
});

it("ranks the pooling question above the KV-cache one for the sentence-vector task, and never itself", async () => {
  const similar = await searchSimilarQuestions({ actor: null, slug: VECTOR, locale: "en", limit: 10 });
  const slugs = similar.map((q) => q.slug);
  expect(slugs).toHaveLength(10);
  expect(slugs).not.toContain(VECTOR);
  expect(slugs.slice(0, 5)).toContain(POOLING);
  const pooling = similar.find((q) => q.slug === POOLING)!;
  const kv = similar.find((q) => q.slug === KV_CACHE);
  // Absent from the top 10 while pooling is in it also means pooling ranked higher.
  if (kv) expect(pooling.similarity).toBeGreaterThan(kv.similarity);
  // Best first.
  expect(similar.map((q) => q.similarity)).toEqual([...similar.map((q) => q.similarity)].sort((a, b) => b - a));
  expect(pooling.title).toMatch(/pool/i);
}, 60_000);

it("returns nothing for an unknown slug", async () => {
  expect(await searchSimilarQuestions({ actor: null, slug: `nope-${randomBytes(3).toString("hex")}`, locale: "en" })).toEqual([]);
});
