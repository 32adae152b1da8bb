/**
 * The submission route handlers as an HTTP client meets them, with real better-auth sessions and real Postgres:
 * 401 for guests, 201 { id }, 422 with field messages, 404 for someone else's submission, the GET shape the
 * candidate UI reads, the event stream's content type and first event, and the list of one's own submissions.
 * No worker here (tests/pipeline/pipeline.test.ts grades); submissions made here are closed at the end.
 */
import { randomUUID } from "node:crypto";
import { getAuth } from "@/lib/auth/auth";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { GET as listRoute, POST as createRoute } from "@/app/api/submissions/route";
import { GET as getRoute } from "@/app/api/submissions/[id]/route";
import { GET as eventsRoute } from "@/app/api/submissions/[id]/events/route";
import { seedCodingQuestions } from "./support";

const PASSWORD = "correct horse battery";
const BASE = "http://localhost:3000";
const created: string[] = [];

async function signUp(): Promise<{ cookie: string; id: string }> {
  const email = `submit-${randomUUID()}@example.test`;
  const response = await getAuth().handler(
    new Request(`${BASE}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": `10.8.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
      body: JSON.stringify({ email, password: PASSWORD, name: "candidate" }),
    }),
  );
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!.split(";")[0]!;
  const user = await getPrisma().user.findUniqueOrThrow({ where: { email } });
  return { cookie, id: user.id };
}

const post = (body: unknown, cookie?: string) =>
  createRoute(
    new Request(`${BASE}/api/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
const get = (id: string, cookie?: string) => getRoute(new Request(`${BASE}/api/submissions/${id}`, { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({ id }) });

const valid = { questionSlug: "semantic-vector", language: "python", code: "def llm_inference(text, engine):\n    return []\n", mode: "run" };

let alice: { cookie: string; id: string };
let bob: { cookie: string; id: string };

beforeAll(async () => {
  await seedCodingQuestions();
  alice = await signUp();
  bob = await signUp();
});

afterAll(async () => {
  await getPrisma().submission.updateMany({ where: { id: { in: created }, status: { in: ["queued", "running"] } }, data: { status: "done", verdict: "AC", score: 1 } });
  await closeQueue();
  await disconnectPrisma();
});

test("a guest gets 401", async () => {
  const response = await post(valid);
  expect(response.status).toBe(401);
  expect((await response.json()).error).toBe("UNAUTHORIZED");
});

test("POST stores a queued submission and answers 201 { id }; GET gives the owner the documented shape", async () => {
  const response = await post({ ...valid, customArgs: ["我喜欢吃饭"] }, alice.cookie);
  expect(response.status).toBe(201);
  const { id } = await response.json();
  created.push(id);
  // The job was written in the same transaction as the row: exactly one, on the grading queue.
  const jobs = await getPrisma().$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pgboss.job WHERE data->>'submissionId' = $1`, id);
  expect(jobs.map((j) => j.name)).toEqual(["grade-submission"]);
  const read = await get(id, alice.cookie);
  expect(read.status).toBe(200);
  const view = await read.json();
  expect(view).toMatchObject({ id, questionSlug: "semantic-vector", language: "python", mode: "run", code: valid.code, customArgs: ["我喜欢吃饭"] });
  expect(["queued", "running", "done"]).toContain(view.status);
  expect(typeof view.createdAt).toBe("string");
  expect(Array.isArray(view.tests)).toBe(true);
});

test.each([
  ["malformed JSON", "{not json", "(root)"],
  ["missing code", { ...valid, code: undefined }, "code"],
  ["a language the grader does not have", { ...valid, language: "cobol" }, "language"],
])("%s → 422 with field messages and no internals", async (_name, body, field) => {
  const response = await post(body, alice.cookie);
  expect(response.status).toBe(422);
  const json = await response.json();
  expect(json.error).toBe("INVALID_INPUT");
  expect(json.fields[field]?.length).toBeGreaterThan(0);
  expect(JSON.stringify(json)).not.toMatch(/stack|\.ts:|prisma/i);
});

test("an unknown question is 404", async () => {
  const response = await post({ ...valid, questionSlug: "no-such-thing" }, alice.cookie);
  expect(response.status).toBe(404);
});

test("someone else's submission is 404 on GET and on the event stream; the owner's stream is text/event-stream", async () => {
  const { id } = await (await post(valid, alice.cookie)).json();
  created.push(id);
  expect((await get(id, bob.cookie)).status).toBe(404);
  const stranger = await eventsRoute(new Request(`${BASE}/api/submissions/${id}/events`, { headers: { cookie: bob.cookie } }), { params: Promise.resolve({ id }) });
  expect(stranger.status).toBe(404);

  const abort = new AbortController();
  const stream = await eventsRoute(new Request(`${BASE}/api/submissions/${id}/events`, { headers: { cookie: alice.cookie }, signal: abort.signal }), {
    params: Promise.resolve({ id }),
  });
  expect(stream.status).toBe(200);
  expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = stream.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  expect(first).toMatch(/^event: (status|test)\ndata: \{/);
  abort.abort();
  await reader.cancel();
});

test("GET /api/submissions?question= lists only the caller's own submissions", async () => {
  const { id } = await (await post(valid, bob.cookie)).json();
  created.push(id);
  const response = await listRoute(new Request(`${BASE}/api/submissions?question=semantic-vector`, { headers: { cookie: alice.cookie } }), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  const { items } = await response.json();
  const ids = items.map((s: { id: string }) => s.id);
  expect(ids).toEqual(expect.arrayContaining(created.slice(0, 2)));
  expect(ids).not.toContain(id);
  expect(items[0]).toMatchObject({ questionSlug: "semantic-vector", mode: "run" });
});
