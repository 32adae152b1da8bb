/**
 * Submissions when no grader can take them (docs/adr/1103-submissions-without-a-grader.md), through the route handlers
 * with real sessions, real Postgres and, at the end, a real worker:
 *   live workers, none able to grade the language (self-test failed) → 503 + Retry-After, nothing stored;
 *   a healthy worker for the language → 201;
 *   no live worker at all → 201, and GET / the event stream say "waiting for a grader — none is online right now";
 *   the note goes away once a worker picks the submission up.
 * The worker population is what this file writes into grader.worker (heartbeat rows, as workers on other machines
 * write them), so the file has a database of its own: no other file's workers are seen, and nothing here is seen
 * by them.
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { getAuth } from "@/lib/auth/auth";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { beatWorker, markWorkerStopped } from "@/lib/db/submissions/worker-heartbeats";
import { parseEventStream } from "@/lib/web/submission-event-stream";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { availabilityAmong, GRADER_RETRY_AFTER_SECONDS } from "@/lib/grader/pipeline/status";
import { startGraderWorker, type GraderWorker } from "@/lib/grader/pipeline/worker";
import { POST as createRoute } from "@/app/api/submissions/route";
import { GET as getRoute } from "@/app/api/submissions/[id]/route";
import { GET as eventsRoute } from "@/app/api/submissions/[id]/events/route";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";
import { seedCodingQuestions, SOLUTIONS } from "./support";

jest.setTimeout(180_000);

const BASE = "http://localhost:3000";
const correctPy = fs.readFileSync(path.join(SOLUTIONS, "correct.py"), "utf8");
const ALL_OK = { ok: true, languages: { python: "ok", javascript: "ok", typescript: "ok" }, sandbox: "bubblewrap" };
const CORRUPT = 'the inference engine did not load: MODEL_INTEGRITY: model "word2vec": onnx/model.onnx has sha256 0a1b…, manifest.json expects ca21…; /srv/models';
const BROKEN = { ok: false, reason: CORRUPT, languages: { python: CORRUPT, javascript: CORRUPT, typescript: CORRUPT } };

let database: ScratchDatabase;
let alice: { cookie: string; id: string };

async function signUp(): Promise<{ cookie: string; id: string }> {
  const email = `graders-${randomUUID()}@example.test`;
  const response = await getAuth().handler(
    new Request(`${BASE}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
      body: JSON.stringify({ email, password: "correct horse battery", name: "candidate" }),
    }),
  );
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!.split(";")[0]!;
  return { cookie, id: (await getPrisma().user.findUniqueOrThrow({ where: { email } })).id };
}

const post = (body: unknown) =>
  createRoute(
    new Request(`${BASE}/api/submissions`, { method: "POST", headers: { "content-type": "application/json", cookie: alice.cookie }, body: JSON.stringify(body) }),
    { params: Promise.resolve({}) },
  );
const get = async (id: string) => {
  const response = await getRoute(new Request(`${BASE}/api/submissions/${id}`, { headers: { cookie: alice.cookie } }), { params: Promise.resolve({ id }) });
  expect(response.status).toBe(200);
  return response.json();
};
const submission = (language = "python") => ({ questionSlug: "semantic-vector", language, code: correctPy, mode: "run" });

/** A heartbeat row as a worker on another machine writes it. */
async function remoteWorker(status: unknown, options: { seenSecondsAgo?: number; stopped?: boolean } = {}): Promise<string> {
  const id = `remote-${randomUUID().slice(0, 8)}`;
  await beatWorker(getPrisma(), { id, host: "grader-b", pid: 4242, concurrency: 2, status });
  if (options.seenSecondsAgo) await getPrisma().$executeRawUnsafe(`UPDATE grader.worker SET seen_at = now() - ($2::int * interval '1 second') WHERE id = $1`, id, options.seenSecondsAgo);
  if (options.stopped) await markWorkerStopped(getPrisma(), id);
  return id;
}

const forgetWorkers = async () => {
  await getPrisma().$executeRawUnsafe(`DELETE FROM grader.worker`);
};
const countSubmissions = () => getPrisma().submission.count({ where: { userId: alice.id } });

beforeAll(async () => {
  database = await useOwnDatabase("clockwise_graders");
  await seedCodingQuestions();
  alice = await signUp();
});

afterEach(() => forgetWorkers());

afterAll(async () => {
  await getPrisma().submission.updateMany({ where: { status: { in: ["queued", "running"] } }, data: { status: "done", verdict: "AC", score: 1 } });
  await closeQueue();
  await disconnectPrisma();
  await database?.drop();
});

describe("availabilityAmong (the decision, on heartbeat records)", () => {
  const partial = { ok: false, reason: "javascript: self-test failed: x", languages: { python: "ok", javascript: "self-test failed: x", typescript: "ok" } };
  test.each([
    ["no live worker", [], "python", { state: "none-online" }],
    ["one healthy worker", [ALL_OK], "python", { state: "ready", workers: 1 }],
    ["a healthy worker among broken ones", [BROKEN, ALL_OK, BROKEN], "typescript", { state: "ready", workers: 1 }],
    ["only broken workers", [BROKEN, BROKEN], "javascript", { state: "none-can-grade", workers: 2, reason: `javascript: ${CORRUPT}` }],
    // A worker whose self-test failed in one language takes no jobs at all (worker.ts), so it grades Python neither.
    ["a worker that passed Python but failed JavaScript", [partial], "python", { state: "none-can-grade", workers: 1, reason: "javascript: self-test failed: x" }],
    ["a heartbeat without a self-test record (older worker)", [null], "python", { state: "none-can-grade", workers: 1, reason: "self-test failed" }],
  ] as const)("%s", (_name, statuses, language, expected) => {
    expect(availabilityAmong(statuses.map((status) => ({ status })), language)).toEqual(expected);
  });
});

test("every live worker failed its self-test → 503 with Retry-After and a plain message; nothing is stored", async () => {
  await remoteWorker(BROKEN);
  await remoteWorker(BROKEN);
  const before = await countSubmissions();
  const response = await post(submission("python"));
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe(String(GRADER_RETRY_AFTER_SECONDS));
  const body = await response.json();
  expect(body).toEqual({
    error: "GRADER_UNAVAILABLE",
    message:
      "No grader can run Python right now: the graders that are online failed their start-up self-test. This is not a problem with your code, " +
      "and nothing was submitted. Try again in a minute; if it persists, the site's operator has to fix the grader.",
    retryAfterSeconds: 30,
  });
  // The workers' own reason is for operators (/api/health), never the browser: it may name paths and hashes.
  expect(JSON.stringify(body)).not.toMatch(/sha256|\/srv|MODEL_INTEGRITY/);
  expect(await countSubmissions()).toBe(before);
  const jobs = await getPrisma().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'grade-submission'`).catch(() => [{ n: 0n }]);
  expect(Number(jobs[0].n)).toBe(0);
});

test("a healthy worker for the language among broken ones → 201, and GET has no waiting note", async () => {
  await remoteWorker(BROKEN);
  await remoteWorker(ALL_OK);
  for (const language of ["python", "typescript"]) {
    const response = await post(submission(language));
    expect(response.status).toBe(201);
    const { id } = await response.json();
    const view = await get(id);
    expect(view.status).toBe("queued"); // the "healthy" worker is only a heartbeat row: nothing grades here
    expect(view.waiting).toBeNull();
  }
});

test("live workers that cannot grade its language: a queued submission says so in GET", async () => {
  const { id } = await (await post(submission("python"))).json(); // no worker yet: accepted
  await remoteWorker(BROKEN);
  const view = await get(id);
  expect(view.waiting).toEqual({
    reason: "no-grader-for-language",
    message:
      "Waiting for a grader — the graders online cannot run Python right now (their start-up self-test failed). Your submission is saved and will be graded once one can.",
  });
});

describe("no live grader at all", () => {
  let id: string;

  test("→ 201, and GET and the event stream say it is waiting for a grader because none is online", async () => {
    // Workers that stopped, or were last seen a minute ago, are not online.
    await remoteWorker(ALL_OK, { stopped: true });
    await remoteWorker(ALL_OK, { seenSecondsAgo: 60 });
    const response = await post(submission("python"));
    expect(response.status).toBe(201);
    ({ id } = await response.json());
    const view = await get(id);
    expect(view.status).toBe("queued");
    expect(view.waiting).toEqual({
      reason: "no-grader-online",
      message: "Waiting for a grader — none is online right now. Your submission is saved and will be graded as soon as one starts.",
    });

    const abort = new AbortController();
    const stream = await eventsRoute(new Request(`${BASE}/api/submissions/${id}/events`, { headers: { cookie: alice.cookie }, signal: abort.signal }), {
      params: Promise.resolve({ id }),
    });
    const reader = stream.body!.getReader();
    try {
      // The stream's first event stays `status`; the note follows it at once.
      const decoder = new TextDecoder();
      const first = parseEventStream(decoder.decode((await reader.read()).value));
      const second = parseEventStream(decoder.decode((await reader.read()).value));
      expect(first[0]).toEqual({ event: "status", data: { status: "queued", verdict: null, score: null } });
      expect(second[0]).toEqual({ event: "waiting", data: { waiting: view.waiting } });
    } finally {
      abort.abort();
      await reader.cancel();
    }
  });

  test("the note goes away once a worker picks the submission up, in GET and on the stream", async () => {
    const abort = new AbortController();
    const stream = await eventsRoute(new Request(`${BASE}/api/submissions/${id}/events`, { headers: { cookie: alice.cookie }, signal: abort.signal }), {
      params: Promise.resolve({ id }),
    });
    let worker: GraderWorker | undefined;
    try {
      worker = await startGraderWorker({ concurrency: 1, heartbeatSeconds: 0.5, log: () => {} });
      expect(worker.status().ok).toBe(true);
      const text = await new Response(stream.body).text(); // ends after `done`
      const events = parseEventStream(text);
      const waiting = events.filter((e) => e.event === "waiting").map((e) => (e.data as { waiting: { reason: string } | null }).waiting);
      expect(waiting[0]?.reason).toBe("no-grader-online");
      expect(waiting.at(-1)).toBeNull();
      const done = events.find((e) => e.event === "done")!.data as { status: string; verdict: string; waiting: unknown };
      expect(done).toMatchObject({ status: "done", verdict: "AC", waiting: null });
      expect(await get(id)).toMatchObject({ status: "done", waiting: null });
    } finally {
      abort.abort();
      await worker?.stop();
    }
  });
});
