/**
 * Who may read what, attacked from outside: a guest and another candidate ask for someone's submission (JSON, SSE
 * stream, list), and candidates/guests call the admin route handlers and admin use cases. Every refusal must
 * carry the right status and none of the victim's data (code, slug, ids).
 */
import { disconnectPrisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { GET as listRoute, POST as createRoute } from "@/app/api/submissions/route";
import { GET as getRoute } from "@/app/api/submissions/[id]/route";
import { GET as eventsRoute } from "@/app/api/submissions/[id]/events/route";
import { GET as exportRoute } from "@/app/admin/export/route";
import { GET as schemaRoute } from "@/app/admin/bundle-schema.json/route";
import { exportBank } from "@/lib/use-cases/admin/export-bank";
import { listAdminQuestions } from "@/lib/use-cases/admin/list-admin-questions";
import { getAdminQuestion } from "@/lib/use-cases/admin/get-admin-question";
import { listAuditLog } from "@/lib/use-cases/admin/list-audit-log";
import { setQuestionStatus } from "@/lib/use-cases/admin/set-question-status";
import { deleteQuestions } from "@/lib/use-cases/admin/delete-questions";
import { listSubmissions } from "@/lib/use-cases/submissions/list-submissions";
import { getSubmission } from "@/lib/use-cases/submissions/get-submission";
import { getPrisma } from "@/lib/db/client";
import { APP, noParams, signUp, ensureSeedCodingQuestions, type Account } from "./support";

const SECRET_CODE = "def llm_inference(text, engine):\n    return ['victim-secret-7f3a']\n";

let victim: Account;
let stranger: Account;
let submissionId: string;

beforeAll(async () => {
  await ensureSeedCodingQuestions();
  [victim, stranger] = await Promise.all([signUp(), signUp()]);
  const response = await createRoute(
    new Request(`${APP}/api/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: victim.cookie },
      body: JSON.stringify({ questionSlug: "semantic-vector", language: "python", code: SECRET_CODE, mode: "run" }),
    }),
    noParams,
  );
  expect(response.status).toBe(201);
  submissionId = (await response.json()).id;
});

afterAll(async () => {
  await getPrisma().submission.updateMany({ where: { id: submissionId, status: { in: ["queued", "running"] } }, data: { status: "done", verdict: "AC", score: 1 } });
  await closeQueue();
  await disconnectPrisma();
});

const withCookie = (path: string, cookie?: string) => new Request(`${APP}${path}`, { headers: cookie ? { cookie } : {} });
const forged = "better-auth.session_token=forged.c2lnbmF0dXJl";

type Who = "guest" | "forged cookie" | "stranger";
const cookieOf = (who: Who) => (who === "guest" ? undefined : who === "forged cookie" ? forged : stranger.cookie);

describe.each<{ route: string; call: (cookie?: string) => Promise<Response> }>([
  { route: "GET /api/submissions/:id", call: (cookie) => getRoute(withCookie(`/api/submissions/${submissionId}`, cookie), { params: Promise.resolve({ id: submissionId }) }) },
  { route: "GET /api/submissions/:id/events", call: (cookie) => eventsRoute(withCookie(`/api/submissions/${submissionId}/events`, cookie), { params: Promise.resolve({ id: submissionId }) }) },
])("$route on someone else's submission", ({ call }) => {
  test.each<[Who, number]>([
    ["guest", 401],
    ["forged cookie", 401],
    ["stranger", 404],
  ])("%s → %i with no code, slug or stream", async (who, status) => {
    const response = await call(cookieOf(who));
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).not.toMatch(/event-stream/);
    const body = await response.text();
    expect(body).not.toContain("victim-secret-7f3a");
    expect(body).not.toContain("semantic-vector");
  });
});

test.each<[Who, number]>([
  ["guest", 401],
  ["forged cookie", 401],
])("GET /api/submissions as %s → %i", async (who, status) => {
  const response = await listRoute(withCookie("/api/submissions?question=semantic-vector", cookieOf(who)), noParams);
  expect(response.status).toBe(status);
  expect(await response.text()).not.toContain(submissionId);
});

test("GET /api/submissions as a stranger lists none of the victim's submissions", async () => {
  const response = await listRoute(withCookie("/api/submissions?question=semantic-vector&limit=100", stranger.cookie), noParams);
  expect(response.status).toBe(200);
  const { items } = await response.json();
  expect(items).toEqual([]);
});

test("GET /api/submissions?cursor=<victim's id> as a stranger still returns only the stranger's rows", async () => {
  const response = await listRoute(withCookie(`/api/submissions?cursor=${submissionId}`, stranger.cookie), noParams);
  expect(response.status).toBe(200);
  expect(await response.text()).not.toContain(submissionId);
});

test.each([
  { name: "getSubmission", call: (actor: Actor) => getSubmission({ actor, id: submissionId }) },
  { name: "listSubmissions with the victim's userId", call: (actor: Actor) => listSubmissions({ actor, userId: victim.id }) },
])("data layer: $name refuses a stranger", async ({ call }) => {
  const error = await call({ id: stranger.id, role: "candidate" }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(["NOT_FOUND", "FORBIDDEN"]).toContain((error as AppError).code);
});

describe.each([
  { route: "GET /admin/export", call: (cookie?: string) => exportRoute(withCookie("/admin/export", cookie), noParams) },
  { route: "GET /admin/bundle-schema.json", call: (cookie?: string) => schemaRoute(withCookie("/admin/bundle-schema.json", cookie), noParams) },
])("$route", ({ call }) => {
  test.each<[Who, number, string]>([
    ["guest", 401, "UNAUTHORIZED"],
    ["forged cookie", 401, "UNAUTHORIZED"],
    ["stranger", 403, "FORBIDDEN"],
  ])("%s → %i %s and no bank data ('stranger' is a signed-in candidate)", async (who, status, code) => {
    const response = await call(cookieOf(who));
    expect(response.status).toBe(status);
    expect(response.headers.get("content-disposition")).toBeNull();
    const body = await response.json();
    expect(body.error).toBe(code);
    expect(Object.keys(body).sort()).toEqual(["error", "message"]);
  });
});

describe.each([
  { name: "exportBank", call: (actor: Actor) => exportBank({ actor }) },
  { name: "listAdminQuestions", call: (actor: Actor) => listAdminQuestions({ actor }) },
  { name: "getAdminQuestion", call: (actor: Actor) => getAdminQuestion({ actor, slug: "semantic-vector" }) },
  { name: "listAuditLog", call: (actor: Actor) => listAuditLog({ actor }) },
  { name: "setQuestionStatus", call: (actor: Actor) => setQuestionStatus({ actor, slugs: ["semantic-vector"], status: "draft" }) },
  { name: "deleteQuestions", call: (actor: Actor) => deleteQuestions({ actor, slugs: ["semantic-vector"] }) },
])("admin use case $name", ({ call }) => {
  test.each<[string, string, () => Actor]>([
    ["a guest", "UNAUTHORIZED", () => null],
    ["a candidate", "FORBIDDEN", () => ({ id: stranger.id, role: "candidate" })],
  ])("refuses %s with %s and leaves the question published", async (_who, code, actor) => {
    const error = await call(actor()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    const question = await getPrisma().question.findUniqueOrThrow({ where: { slug: "semantic-vector" } });
    expect(question.status).toBe("published");
    expect(question.deletedAt).toBeNull();
  });
});
