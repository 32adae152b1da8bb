/**
 * Public bank pages from a cache that every bank change retires at once, in every process (ADR 1105): counts the
 * database reads of guests' and candidates' list and question views, and proves that an unpublish, edit, publish,
 * delete and restore committed by *another process* (a child node with its own connection) reaches this process's
 * cache, and that two listeners ("two web processes") both hear one change. No durations are asserted: the tests
 * wait for the notification itself.
 */
import { spawn } from "node:child_process";
import { getPrisma, disconnectPrisma } from "@/lib/db/client";
import { bankChanges, createBankChangesForTest } from "@/lib/db/questions/bank-changes";
import { setQuestionStatus } from "@/lib/use-cases/admin/set-question-status";
import { deleteQuestions, restoreQuestions } from "@/lib/use-cases/admin/delete-questions";
import { getQuestion } from "@/lib/use-cases/questions/get-question";
import { listQuestions } from "@/lib/use-cases/questions/list-questions";
import { publicBankCache } from "@/lib/use-cases/questions/public-bank-cache";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";
import { asAdmin, conceptQuestion, createUser, runId } from "./admin-support";

jest.setTimeout(60_000);

const slug = `cache-q-${runId()}`;
const guest = null;
let candidate: { id: string; role: "candidate" };
let admin: { id: string; role: "admin" };
// Its own database: other files' bank writes would bump this file's generation and make the read counts vary.
let database: ScratchDatabase;

/** Runs SQL in a separate node process (its own connection, as another web process or a CLI would). */
function sqlInAnotherProcess(sql: string, params: unknown[]): Promise<void> {
  const script = `const pg = require("pg"); (async () => { const c = new pg.Client({ connectionString: process.env.DATABASE_URL }); await c.connect(); await c.query(${JSON.stringify(sql)}, ${JSON.stringify(params)}); await c.end(); })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], { env: process.env, stdio: ["ignore", "ignore", "inherit"] });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
  });
}

/** Resolves on this process's `count`-th next generation change (registered before the change is made). */
function nextChange(count = 1): Promise<number> {
  const changes = bankChanges(process.env.DATABASE_URL!);
  let seen = 0;
  return new Promise((resolve) => {
    const off = changes.onChange((generation) => {
      if (++seen < count) return;
      off();
      resolve(generation);
    });
  });
}

const cache = () => publicBankCache();
const guestList = () => listQuestions({ actor: guest, locale: "en", q: slug });

beforeAll(async () => {
  database = await useOwnDatabase("clockwise_page_cache");
  candidate = await createUser("candidate");
  admin = await createUser("admin");
  expect(await bankChanges(process.env.DATABASE_URL!).ready()).toBe(true);
  const written = nextChange(2); // this process's own write: its local bump, then the database's notification
  await getPrisma().$transaction((tx) => writeQuestion(tx, conceptQuestion(slug), { existing: null, authorId: null, summary: "cache test" }));
  await written;
});

afterAll(async () => {
  await bankChanges(process.env.DATABASE_URL!).close();
  await disconnectPrisma();
  await database?.drop();
});

test("guests and candidates share one read of a question and of a list page until the bank changes; admins always read", async () => {
  const loads = cache().loads;
  const first = await getQuestion({ actor: guest, slug, locale: "en" });
  for (let i = 0; i < 4; i++) await getQuestion({ actor: i % 2 ? guest : candidate, slug, locale: "en" });
  expect(first.title).toBe("The four stages");
  expect(cache().loads - loads).toBe(1);

  await guestList();
  await guestList();
  await listQuestions({ actor: candidate, locale: "en", q: slug });
  expect(cache().loads - loads).toBe(2);

  await getQuestion({ actor: admin, slug, locale: "en" });
  await listQuestions({ actor: admin, locale: "en", q: slug });
  expect(cache().loads - loads).toBe(2); // admins' views (drafts included) never come from the cache
});

test("an unpublish in another process hides the question from the next request here; a publish shows it again", async () => {
  expect((await guestList()).items.map((q) => q.slug)).toEqual([slug]);
  let changed = nextChange();
  await sqlInAnotherProcess(`UPDATE "Question" SET status = 'draft', version = version + 1 WHERE slug = $1`, [slug]);
  await changed;
  await expect(getQuestion({ actor: guest, slug, locale: "en" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await guestList()).items).toEqual([]);

  changed = nextChange(2); // its local bump, then the notification
  await setQuestionStatus({ actor: asAdmin(admin), slugs: [slug], status: "published" }); // the use case, this process
  await changed;
  expect((await guestList()).items.map((q) => q.slug)).toEqual([slug]);
  expect((await getQuestion({ actor: candidate, slug, locale: "en" })).slug).toBe(slug);
});

test("an edit, a delete and a restore in another process reach the cached views at once", async () => {
  await getQuestion({ actor: guest, slug, locale: "en" });
  let changed = nextChange();
  await sqlInAnotherProcess(
    `UPDATE "QuestionContent" SET title = 'Edited elsewhere' WHERE locale = 'en' AND "questionId" = (SELECT id FROM "Question" WHERE slug = $1)`,
    [slug],
  );
  await changed;
  expect((await getQuestion({ actor: guest, slug, locale: "en" })).title).toBe("Edited elsewhere");
  expect((await guestList()).items[0]?.title).toBe("Edited elsewhere");

  changed = nextChange();
  await sqlInAnotherProcess(`UPDATE "Question" SET "deletedAt" = now() WHERE slug = $1`, [slug]);
  await changed;
  await expect(getQuestion({ actor: guest, slug, locale: "en" })).rejects.toMatchObject({ code: "NOT_FOUND" });

  changed = nextChange();
  await sqlInAnotherProcess(`UPDATE "Question" SET "deletedAt" = NULL WHERE slug = $1`, [slug]);
  await changed;
  expect((await getQuestion({ actor: guest, slug, locale: "en" })).title).toBe("Edited elsewhere");
});

test("this process's own delete and restore are visible to its very next read, without waiting for the notification", async () => {
  await getQuestion({ actor: guest, slug, locale: "en" });
  await deleteQuestions({ actor: asAdmin(admin), slugs: [slug] });
  await expect(getQuestion({ actor: guest, slug, locale: "en" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await restoreQuestions({ actor: asAdmin(admin), slugs: [slug] });
  expect((await getQuestion({ actor: guest, slug, locale: "en" })).slug).toBe(slug);
});

test("one change in another process is heard by every listening process", async () => {
  const a = createBankChangesForTest(process.env.DATABASE_URL!);
  const b = createBankChangesForTest(process.env.DATABASE_URL!);
  try {
    expect(await a.ready()).toBe(true);
    expect(await b.ready()).toBe(true);
    const before = [a.current()!, b.current()!];
    const heard = (changes: typeof a) => new Promise<void>((resolve) => changes.onChange(() => resolve()));
    const both = Promise.all([heard(a), heard(b)]);
    await sqlInAnotherProcess(`UPDATE "Question" SET difficulty = 'medium' WHERE slug = $1`, [slug]);
    await both;
    expect(a.current()).toBe(before[0]! + 1);
    expect(b.current()).toBe(before[1]! + 1);
  } finally {
    await a.close();
    await b.close();
  }
});

test("a process that cannot listen does not cache", async () => {
  const deaf = createBankChangesForTest("postgresql://nobody:wrong@127.0.0.1:1/none");
  expect(deaf.current()).toBeNull();
  await deaf.close();
});
