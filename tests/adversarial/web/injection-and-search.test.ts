/**
 * Hostile search input: SQL-injection strings in the bank search `q` (candidate list, progress list, admin list,
 * audit log) and in the submission list's query string, LIKE wildcards that would widen a search, and invalid
 * `sort` / paging values. Searches are confined to this file's own questions by a run token, so other suites
 * writing to the same database cannot change the expected counts.
 */
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { listQuestions } from "@/lib/use-cases/questions/list-questions";
import { listQuestionsByStatus } from "@/lib/use-cases/progress/list-questions-by-status";
import { listAdminQuestions } from "@/lib/use-cases/admin/list-admin-questions";
import { listAuditLog } from "@/lib/use-cases/admin/list-audit-log";
import { saveQuestion } from "@/lib/use-cases/admin/save-question";
import { GET as listSubmissionsRoute } from "@/app/api/submissions/route";
import { conceptQuestion, createUser, runId } from "../../integration/admin-support";
import { APP, noParams, signUp } from "./support";

const token = `zq${runId()}`;
const slug = (name: string) => `inj-${token}-${name}`;
const BODIES = {
  percent: `${token} 100% sure`,
  letter: `${token} 100x sure`,
  underscore: `${token} snake_case here`,
};
const DRAFT_MARK = `${token} draft only`;

let admin: { id: string; role: "admin" };
let candidate: { id: string; role: "candidate" };

beforeAll(async () => {
  admin = await createUser("admin");
  candidate = await createUser("candidate");
  for (const [name, body] of Object.entries(BODIES)) {
    const question = conceptQuestion(slug(name));
    await saveQuestion({ actor: admin, input: { ...question, content: { ...question.content, en: { ...question.content.en!, body } } }, expectedVersion: null });
  }
  const draft = conceptQuestion(slug("draft"), { status: "draft" });
  await saveQuestion({ actor: admin, input: { ...draft, content: { ...draft.content, en: { ...draft.content.en!, body: DRAFT_MARK } } }, expectedVersion: null });
});

afterAll(async () => {
  await closeQueue();
  await disconnectPrisma();
});

const slugsOf = (items: { slug: string }[]) => items.map((i) => i.slug).sort();

describe("LIKE wildcards in q are literal characters", () => {
  test.each([
    { q: `${token} 100% sure`, expected: ["percent"] },
    { q: `${token} 100_ sure`, expected: [] },
    { q: `${token}%sure`, expected: [] },
    { q: `${token}%`, expected: [] },
    { q: `${token} snake_case`, expected: ["underscore"] },
    { q: `${token} snake%case`, expected: [] },
    { q: `${token} 100\\% sure`, expected: [] },
    { q: `${token} 100`, expected: ["letter", "percent"] },
  ])("q=$q finds $expected", async ({ q, expected }) => {
    const list = await listQuestions({ actor: null, q, pageSize: 100 });
    expect(slugsOf(list.items)).toEqual(expected.map(slug).sort());
    expect(list.total).toBe(expected.length);
  });

  test("the progress list (questions not yet tried) treats % literally too", async () => {
    const list = await listQuestionsByStatus({ actor: candidate, status: "new", filter: { q: `${token}%sure`, pageSize: 100 } });
    expect(list.items).toEqual([]);
    const control = await listQuestionsByStatus({ actor: candidate, status: "new", filter: { q: `${token} 100% sure`, pageSize: 100 } });
    expect(slugsOf(control.items)).toEqual([slug("percent")]);
  });

  test("the admin list treats % and _ literally", async () => {
    expect((await listAdminQuestions({ actor: admin, filter: { search: `${token}%` } })).rows).toEqual([]);
    expect((await listAdminQuestions({ actor: admin, filter: { search: `${token} 100_ sure` } })).rows).toEqual([]);
    expect((await listAdminQuestions({ actor: admin, filter: { search: `${token} 100% sure` } })).rows.map((r) => r.slug)).toEqual([slug("percent")]);
  });

  test("the audit log's target filter treats % literally", async () => {
    const wild = await listAuditLog({ actor: admin, filter: { target: `inj-${token}%` } });
    expect(wild.total).toBe(0);
    const literal = await listAuditLog({ actor: admin, filter: { target: `inj-${token}-percent` } });
    expect(literal.total).toBeGreaterThan(0);
  });
});

const INJECTIONS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "%' OR status='draft' --",
  "'; DROP TABLE \"Question\"; --",
  "\\'; SELECT pg_sleep(5); --",
  "' UNION SELECT id, slug, NULL FROM \"User\" --",
  "$1) OR (1=1",
  "' || (SELECT password FROM \"Account\" LIMIT 1) || '",
  "draft only' OR '",
];

describe("SQL-injection strings in q", () => {
  test.each(INJECTIONS)("q=%j as a guest: no error, no rows, no drafts", async (injection) => {
    const list = await listQuestions({ actor: null, q: `${token} ${injection}`, pageSize: 100 });
    expect(list.items).toEqual([]);
    expect(list.total).toBe(0);
    // Text, not SQL: the tables are all there, and no statement of ours ran pg_sleep.
    expect(await getPrisma().question.count()).toBeGreaterThan(0);
    expect(await getPrisma().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE '%pg_sleep%' AND pid <> pg_backend_pid()`).toEqual([{ n: BigInt(0) }]);
    // Unscoped too: whatever it matches, a guest never sees this run's draft.
    const unscoped = await listQuestions({ actor: null, q: injection, pageSize: 100 });
    expect(unscoped.items.map((i) => i.slug)).not.toContain(slug("draft"));
  });

  test("a NUL byte in q is dropped instead of reaching PostgreSQL (which rejects it: a 500)", async () => {
    expect((await listQuestions({ actor: null, q: "\u0000" })).page).toBe(1);
    const list = await listQuestions({ actor: null, q: `${token} 100%\u0000 sure`, pageSize: 100 });
    expect(slugsOf(list.items)).toEqual([slug("percent")]);
    expect((await listAdminQuestions({ actor: admin, filter: { search: `${token}\u0000 100% sure` } })).rows.map((r) => r.slug)).toEqual([slug("percent")]);
    expect((await listAuditLog({ actor: admin, filter: { target: `\u0000inj-${token}-percent` } })).total).toBeGreaterThan(0);
  });

  test("the Question table is still there with this run's rows", async () => {
    expect(await getPrisma().question.count({ where: { slug: { startsWith: `inj-${token}-` } } })).toBe(4);
  });

  test("the draft is found by an admin and never by a guest (the visibility filter holds)", async () => {
    expect((await listQuestions({ actor: admin, q: DRAFT_MARK })).items.map((i) => i.slug)).toEqual([slug("draft")]);
    expect((await listQuestions({ actor: null, q: DRAFT_MARK })).items).toEqual([]);
  });
});

describe("invalid sort and paging are rejected with INVALID_INPUT", () => {
  test.each([
    { name: "sort with SQL", filter: { sort: 'slug"; DROP TABLE "Question"; --' } },
    { name: "sort naming a column", filter: { sort: "createdAt desc" } },
    { name: "sort __proto__", filter: { sort: "__proto__" } },
    { name: "sort toString", filter: { sort: "toString" } },
    { name: "page with SQL", filter: { page: "1 OR 1=1" } },
    { name: "negative page", filter: { page: -1 } },
    { name: "huge pageSize", filter: { pageSize: 100000 } },
    { name: "unknown tag", filter: { tags: ["' OR 1=1 --"] } },
    { name: "unknown difficulty", filter: { difficulty: "easy' OR '1'='1" } },
    { name: "q longer than 200 characters", filter: { q: "x".repeat(201) } },
  ])("$name", async ({ filter }) => {
    const error = await listQuestions({ actor: null, ...(filter as object) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("INVALID_INPUT");
    expect(JSON.stringify((error as AppError).toJSON())).not.toMatch(/prisma|SELECT|ORDER BY/i);
  });
});

describe("GET /api/submissions query string", () => {
  test.each([
    "?question=' OR '1'='1",
    "?question=%25",
    "?question=semantic-vector' --",
    "?cursor=' OR 1=1 --",
    "?limit=1; DROP TABLE \"Submission\"",
    "?limit=-5&cursor=%00",
  ])("%s → 200 with only the caller's (empty) list", async (query) => {
    const account = await signUp();
    const response = await listSubmissionsRoute(new Request(`${APP}/api/submissions${encodeURI(query).replace(/'/g, "%27")}`, { headers: { cookie: account.cookie } }), noParams);
    expect(response.status).toBe(200);
    expect((await response.json()).items).toEqual([]);
  });
});
