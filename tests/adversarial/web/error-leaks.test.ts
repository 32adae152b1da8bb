/**
 * Errors a client can provoke must be 4xx with a short JSON message, never a 500, and no error body may carry a
 * stack trace, SQL, ORM/driver names or file paths: malformed bodies, hostile ids and slugs (including NUL, which
 * PostgreSQL rejects outright), and a real internal failure (the 500 path must stay generic).
 */
import { disconnectPrisma } from "@/lib/db/client";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { AppError } from "@/lib/errors";
import { createLogger } from "@/lib/observability/log";
import { getQuestion } from "@/lib/use-cases/questions/get-question";
import { getConceptKey } from "@/lib/use-cases/concept/get-concept-key";
import { rateQuestion } from "@/lib/use-cases/review/rate-question";
import { withUser } from "@/lib/auth/guards";
import { getPrisma } from "@/lib/db/client";
import { GET as getRoute } from "@/app/api/submissions/[id]/route";
import { GET as eventsRoute } from "@/app/api/submissions/[id]/events/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/submissions/route";
import { POST as authRoute } from "@/app/api/auth/[...all]/route";
import { GET as exportRoute } from "@/app/admin/export/route";
import { APP, clientIp, leakedInternals, noParams, signUp, ensureSeedCodingQuestions, type Account } from "./support";

let candidate: Account;
let admin: Account;

beforeAll(async () => {
  await ensureSeedCodingQuestions();
  [candidate, admin] = await Promise.all([signUp(), signUp("admin")]);
});

afterAll(async () => {
  await closeQueue();
  await disconnectPrisma();
});

async function expectCleanError(response: Response, statuses: number[]): Promise<Record<string, unknown>> {
  expect(statuses).toContain(response.status);
  const text = await response.text();
  expect(leakedInternals(text)).toEqual([]);
  expect(text.length).toBeLessThan(2000);
  return JSON.parse(text);
}

const HOSTILE_IDS = ["\u0000", "a\u0000b", "../../etc/passwd", "' OR 1=1 --", "x".repeat(10_000), "😀", "\ud800", "__proto__", "constructor", "%", "null", "undefined", "$where"];

describe.each([
  { route: "GET /api/submissions/:id", call: (id: string) => getRoute(new Request(`${APP}/api/submissions/x`, { headers: { cookie: candidate.cookie } }), { params: Promise.resolve({ id }) }) },
  { route: "GET /api/submissions/:id/events", call: (id: string) => eventsRoute(new Request(`${APP}/api/submissions/x/events`, { headers: { cookie: candidate.cookie } }), { params: Promise.resolve({ id }) }) },
])("$route with a hostile id", ({ call }) => {
  test.each(HOSTILE_IDS.map((id) => [JSON.stringify(id.slice(0, 24)), id]))("%s → 404 NOT_FOUND, clean body", async (_label, id) => {
    const body = await expectCleanError(await call(id), [404]);
    expect(body.error).toBe("NOT_FOUND");
  });
});

describe("GET /api/submissions with hostile query values", () => {
  test.each(["?question=%00", "?cursor=%00", "?question=a%00b&cursor=x", "?question=%ED%A0%80", "?limit=1e400", "?limit=NaN&cursor=" + "z".repeat(64)])("%s → 200 and an empty list", async (query) => {
    const response = await listRoute(new Request(`${APP}/api/submissions${query}`, { headers: { cookie: candidate.cookie } }), noParams);
    expect(response.status).toBe(200);
    expect((await response.json()).items).toEqual([]);
  });
});

describe("POST /api/submissions with malformed bodies", () => {
  const post = (body: string) => createRoute(new Request(`${APP}/api/submissions`, { method: "POST", headers: { "content-type": "application/json", cookie: candidate.cookie }, body }), noParams);
  const valid = { questionSlug: "semantic-vector", language: "python", code: "def llm_inference(text, engine):\n    return []\n", mode: "run" };
  test.each([
    { name: "not JSON", body: "{not json", field: "(root)" },
    { name: "empty", body: "", field: "(root)" },
    { name: "null", body: "null", field: "(root)" },
    { name: "an array", body: "[]", field: "(root)" },
    { name: "a string", body: '"submit"', field: "(root)" },
    { name: "an operator object for code", body: JSON.stringify({ ...valid, code: { $gt: "" } }), field: "code" },
    { name: "a NUL in the slug", body: JSON.stringify({ ...valid, questionSlug: "semantic-vector\u0000" }), field: "questionSlug" },
    { name: "a NUL in the code", body: JSON.stringify({ ...valid, code: "def llm_inference(text, engine):\n    return '\u0000'\n" }), field: "code" },
    { name: "a NUL in custom input", body: JSON.stringify({ ...valid, customArgs: ["\u0000"] }), field: "customArgs" },
    { name: "a lone surrogate in custom input", body: '{"questionSlug":"semantic-vector","language":"python","mode":"run","code":"x = 1","customArgs":["\\ud800"]}', field: "customArgs" },
  ])("$name → 422 naming $field, clean body", async ({ body, field }) => {
    const json = await expectCleanError(await post(body), [422]);
    expect(json.error).toBe("INVALID_INPUT");
    expect(Object.keys(json.fields as object)).toContain(field);
  });
});

describe("POST /api/auth/* with malformed bodies", () => {
  test.each([
    { name: "not JSON", body: "{not json", statuses: [400] },
    { name: "truncated JSON", body: '{"email":"a@b.c","password":', statuses: [400] },
    { name: "null", body: "null", statuses: [400] },
    { name: "an array", body: "[]", statuses: [400] },
    { name: "an operator object for email", body: JSON.stringify({ email: { $ne: null }, password: "x".repeat(12) }), statuses: [400] },
  ])("sign-in with $name → $statuses, clean body", async ({ body, statuses }) => {
    const response = await authRoute(new Request(`${APP}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: APP, "x-forwarded-for": clientIp() }, body }));
    await expectCleanError(response, statuses);
  });

  test("a well-formed sign-in still goes through the route (the JSON check is not refusing everyone)", async () => {
    const response = await authRoute(new Request(`${APP}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: APP, "x-forwarded-for": clientIp() }, body: JSON.stringify({ email: candidate.email, password: "correct horse battery" }) }));
    expect(response.status).toBe(200);
  });
});

describe("hostile slugs", () => {
  test.each(["\u0000", "semantic-vector\u0000", "../../../etc/passwd", "' OR 1=1 --", "x".repeat(5000)].map((slug) => [JSON.stringify(slug.slice(0, 24)), slug]))("getQuestion(%s) → NOT_FOUND", async (_label, slug) => {
    const error = await getQuestion({ actor: null, slug, locale: "en" }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NOT_FOUND");
  });

  test.each([
    { name: "getConceptKey", call: () => getConceptKey({ slug: "llm\u0000", locale: "en" }) },
    { name: "rateQuestion", call: () => rateQuestion({ actor: { id: candidate.id, role: "candidate" }, questionSlug: "semantic-vector\u0000", rating: "good" }) },
  ])("$name with a NUL in the slug → NOT_FOUND (not a PostgreSQL error)", async ({ call }) => {
    const error = await call().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NOT_FOUND");
  });

  test.each(["%00", "semantic-vector%00", "'%20OR%201=1"])("admin export ?slug=%s → 404, clean body", async (slug) => {
    const body = await expectCleanError(await exportRoute(new Request(`${APP}/admin/export?slug=${slug}`, { headers: { cookie: admin.cookie } }), noParams), [404]);
    expect(body.error).toBe("NOT_FOUND");
  });
});

describe("a real internal failure", () => {
  test("a database error inside a guarded handler is a bare 500 with nothing internal", async () => {
    // The process's root logger (lib/observability/log.ts) swapped for one that keeps its lines.
    const holder = globalThis as unknown as Record<symbol, unknown>;
    const ROOT = Symbol.for("clockwise.rootLogger");
    const previous = holder[ROOT];
    const lines: { severity: string; event?: string; err?: { message?: string } }[] = [];
    holder[ROOT] = createLogger({ write: (line: string) => void lines.push(JSON.parse(line)) }, "info");
    try {
      const route = withUser(async () => {
        await getPrisma().$queryRawUnsafe("SELECT * FROM no_such_table_for_web_attack_suite");
        return new Response("unreachable");
      });
      const response = await route(new Request(`${APP}/x`, { headers: { cookie: candidate.cookie } }), noParams);
      const body = await expectCleanError(response, [500]);
      expect(body).toEqual({ error: "INTERNAL", message: "Something went wrong on our side." });
      // Logged once on the server, with the details the browser never sees.
      const errors = lines.filter((l) => l.severity === "error");
      expect(errors).toHaveLength(1);
      expect(errors[0].event).toBe("http.internal_error");
      expect(errors[0].err?.message).toMatch(/no_such_table_for_web_attack_suite/);
    } finally {
      holder[ROOT] = previous;
    }
  });
});

describe("postgresRejects (the guard in front of those queries)", () => {
  test.each([
    { name: "a NUL in a string", value: "a\u0000b", expected: true },
    { name: "a plain string", value: "plain", expected: false },
    { name: "a lone surrogate in a string (text columns store it as U+FFFD)", value: "\ud800", expected: false },
    { name: "a NUL inside JSON", value: ["\u0000"], expected: true },
    { name: "a lone low surrogate inside JSON", value: { k: ["\udc00 lone low"] }, expected: true },
    { name: "a real surrogate pair inside JSON", value: ["\ud83d\ude00 a real pair"], expected: false },
    { name: "the six characters backslash-u-0000 as text", value: ["the text \\u0000 with a backslash"], expected: false },
    { name: "a backslash followed by a real NUL", value: ["\\\u0000"], expected: true },
    { name: "null", value: null, expected: false },
    { name: "undefined", value: undefined, expected: false },
  ])("$name → $expected", async ({ value, expected }) => {
    const { postgresRejects } = await import("@/lib/db/postgres-text");
    expect(postgresRejects(value)).toBe(expected);
  });
});
