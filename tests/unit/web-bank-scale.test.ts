/**
 * The bank list with 10,000 published questions, in a private database on the test server (so other
 * test files' counts are unaffected): the first page, a deep page, a tag filter, a search and a personal
 * status filter each come back in well under a second and return the right rows.
 */
import pg from "pg";
import { seedScaleBank } from "../support/bank-scale";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";

const N = 10_000;
let database: ScratchDatabase;
let client: typeof import("@/lib/db/client");
let list: typeof import("@/lib/use-cases/questions/list-questions");
let byStatus: typeof import("@/lib/use-cases/progress/list-questions-by-status");

beforeAll(async () => {
  database = await useOwnDatabase("clockwise_scale");
  client = await import("@/lib/db/client");
  list = await import("@/lib/use-cases/questions/list-questions");
  byStatus = await import("@/lib/use-cases/progress/list-questions-by-status");

  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  await seedScaleBank(db, N);
  await db.query(`INSERT INTO "User" (id, name, email, "updatedAt") VALUES ('scale-user', 'u', 'scale@example.com', now())`);
  await db.query(`
    INSERT INTO "ConceptAttempt" (id, "userId", "questionId", answer, score, "coveredKeyPoints")
    SELECT 'a' || i, 'scale-user', 'q' || i, 'x', 0.9, '[]' FROM generate_series(1, ${N}, 100) AS i WHERE i % 3 <> 0`);
  await db.query(`ANALYZE`);
  await db.end();
}, 120_000);

afterAll(async () => {
  await client?.disconnectPrisma();
  await database?.drop();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  await fn(); // warm the pool and the plan cache
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

const timings: Record<string, number> = {};
afterAll(() => {
  console.log(`[bank-scale] ${N} questions: ${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(", ")}`);
});

it("serves the first and a deep page in order", async () => {
  const first = await timed(() => list.listQuestions({ actor: null, locale: "en", page: 1, pageSize: 20 }));
  expect(first.value.total).toBe(N);
  expect(first.value.items.map((i) => i.slug).slice(0, 2)).toEqual(["scale-q-00001", "scale-q-00002"]);
  const deep = await timed(() => list.listQuestions({ actor: null, locale: "zh", page: 450, pageSize: 20 }));
  expect(deep.value.items[0].slug).toBe("scale-q-08981");
  expect(deep.value.items[0].title).toBe("第 8981 题");
  timings.firstPage = first.ms;
  timings.page450 = deep.ms;
  expect(first.ms).toBeLessThan(1000);
  expect(deep.ms).toBeLessThan(1000);
});

it("filters by tag and difficulty and searches the text", async () => {
  const tagged = await timed(() => list.listQuestions({ actor: null, locale: "en", tags: ["bert"], difficulty: ["hard"], page: 1 }));
  // i % 5 == 2 (bert) and i % 3 == 2 (hard) → i ≡ 2 (mod 15)
  expect(tagged.value.total).toBe(Math.floor((N - 2) / 15) + 1);
  const search = await timed(() => list.listQuestions({ actor: null, locale: "en", q: "question number 4242 ", page: 1 }));
  expect(search.value.items.map((i) => i.slug)).toEqual(["scale-q-04242"]);
  timings.tagAndDifficulty = tagged.ms;
  timings.search = search.ms;
  expect(tagged.ms).toBeLessThan(1000);
  expect(search.ms).toBeLessThan(1000);
});

it("filters by the user's status", async () => {
  const actor = { id: "scale-user", role: "candidate" as const };
  const solved = await timed(() => byStatus.listQuestionsByStatus({ actor, status: "solved", filter: { locale: "en", sort: "slug" } }));
  const expected = Array.from({ length: 100 }, (_, k) => 1 + k * 100).filter((i) => i % 3 !== 0);
  expect(solved.value.total).toBe(expected.length);
  const fresh = await timed(() => byStatus.listQuestionsByStatus({ actor, status: "new", filter: { locale: "en", page: 3 } }));
  expect(fresh.value.total).toBe(N - expected.length);
  timings.statusSolved = solved.ms;
  timings.statusNewPage3 = fresh.ms;
  expect(solved.ms).toBeLessThan(1000);
  expect(fresh.ms).toBeLessThan(1000);
});
