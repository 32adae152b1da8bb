/**
 * The bank list with 10,000 published questions, in a private database on the test server (so other
 * test files' counts are unaffected): the first page, a deep page, a tag filter, a search and a personal
 * status filter each return the right rows and fetch only about a page from PostgreSQL (paging, filtering and
 * searching happen in SQL, not in the app). How fast they are is measured by the web benchmark (npm run bench).
 */
import pg from "pg";
import { seedScaleBank } from "../support/bank-scale";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";

const N = 10_000;
/** One page of 20 questions with their contents and tags, the count, and a few rows of the user's statuses: far below N. */
const PAGE_ROWS = 200;
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

/**
 * Rows PostgreSQL sent to the app while `fn` ran (every pg client's results, the Prisma pool's included). A list
 * that paged in the app instead of in SQL would fetch thousands; one page fetches a page plus its count row.
 */
let rowsFromDatabase = 0;
const originalQuery = pg.Client.prototype.query;
beforeAll(() => {
  const count = (r: unknown) => {
    for (const one of Array.isArray(r) ? r : [r]) rowsFromDatabase += Array.isArray((one as { rows?: unknown[] })?.rows) ? (one as { rows: unknown[] }).rows.length : 0;
  };
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (error: unknown, result: unknown) => void;
      args[last] = (error: unknown, result: unknown) => {
        if (!error) count(result);
        callback(error, result);
      };
    }
    const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      return (result as Promise<unknown>).then((r) => {
        count(r);
        return r;
      });
    }
    return result;
  } as typeof pg.Client.prototype.query;
});
afterAll(() => {
  pg.Client.prototype.query = originalQuery;
});

async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; rows: number }> {
  await fn(); // warm the pool (its connection set-up reads rows too)
  const before = rowsFromDatabase;
  const value = await fn();
  return { value, rows: rowsFromDatabase - before };
}

it("serves the first and a deep page in order", async () => {
  const first = await counted(() => list.listQuestions({ actor: null, locale: "en", page: 1, pageSize: 20 }));
  expect(first.value.total).toBe(N);
  expect(first.value.items.map((i) => i.slug).slice(0, 2)).toEqual(["scale-q-00001", "scale-q-00002"]);
  const deep = await counted(() => list.listQuestions({ actor: null, locale: "zh", page: 450, pageSize: 20 }));
  expect(deep.value.items[0].slug).toBe("scale-q-08981");
  expect(deep.value.items[0].title).toBe("第 8981 题");
  expect(first.rows).toBeLessThanOrEqual(PAGE_ROWS);
  expect(deep.rows).toBeLessThanOrEqual(PAGE_ROWS);
});

it("filters by tag and difficulty and searches the text", async () => {
  const tagged = await counted(() => list.listQuestions({ actor: null, locale: "en", tags: ["bert"], difficulty: ["hard"], page: 1 }));
  // i % 5 == 2 (bert) and i % 3 == 2 (hard) → i ≡ 2 (mod 15)
  expect(tagged.value.total).toBe(Math.floor((N - 2) / 15) + 1);
  const search = await counted(() => list.listQuestions({ actor: null, locale: "en", q: "question number 4242 ", page: 1 }));
  expect(search.value.items.map((i) => i.slug)).toEqual(["scale-q-04242"]);
  expect(tagged.rows).toBeLessThanOrEqual(PAGE_ROWS);
  expect(search.rows).toBeLessThanOrEqual(PAGE_ROWS);
});

it("filters by the user's status", async () => {
  const actor = { id: "scale-user", role: "candidate" as const };
  const solved = await counted(() => byStatus.listQuestionsByStatus({ actor, status: "solved", filter: { locale: "en", sort: "slug" } }));
  const expected = Array.from({ length: 100 }, (_, k) => 1 + k * 100).filter((i) => i % 3 !== 0);
  expect(solved.value.total).toBe(expected.length);
  const fresh = await counted(() => byStatus.listQuestionsByStatus({ actor, status: "new", filter: { locale: "en", page: 3 } }));
  expect(fresh.value.total).toBe(N - expected.length);
  expect(solved.rows).toBeLessThanOrEqual(PAGE_ROWS);
  expect(fresh.rows).toBeLessThanOrEqual(PAGE_ROWS);
});
