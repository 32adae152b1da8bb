/**
 * GET /api/metrics on real parts: its own PostgreSQL database (queue depth, verdict counts and submission latency
 * read by the real queries), the real engine (stage histograms after a real inference), and a submission route
 * wrapped by observeRoute (request id echoed, duration observed). Access: off without CLOCKWISE_METRICS_TOKEN,
 * bearer token otherwise.
 */
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { getEngine } from "@/lib/engine";
import { useOwnDatabase } from "./observability-support";
import { createUser, seedCodingQuestions } from "../pipeline/support";
import { resetConfigForTests } from "@/lib/config/config";

jest.setTimeout(120_000);

const TOKEN = "metrics-test-token-0123456789";
const BASE = "http://localhost:3000";
let database: { drop: () => Promise<void> };
let metricsRoute: typeof import("@/app/api/metrics/route");

beforeAll(async () => {
  database = await useOwnDatabase();
  metricsRoute = await import("@/app/api/metrics/route");
});

afterAll(async () => {
  setToken(undefined);
  await (await getEngine().catch(() => null))?.close();
  await disconnectPrisma();
  await database.drop();
});

/** The token as an operator sets it: in the environment, read by the next start (the configuration is parsed once). */
function setToken(token: string | undefined): void {
  if (token === undefined) delete process.env.CLOCKWISE_METRICS_TOKEN;
  else process.env.CLOCKWISE_METRICS_TOKEN = token;
  resetConfigForTests();
}

const scrape = (authorization?: string) =>
  metricsRoute.GET(new Request(`${BASE}/api/metrics`, { headers: authorization ? { authorization } : {} }));

/** `name{labels} value` → value, or undefined when the sample is not on the page. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("access", () => {
  afterEach(() => {
    setToken(undefined);
  });

  test("without CLOCKWISE_METRICS_TOKEN the endpoint is off (404), even with a bearer header", async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(404);
    expect((await response.json()).message).toMatch(/CLOCKWISE_METRICS_TOKEN/);
  });

  test("a token shorter than 16 characters keeps it off", async () => {
    setToken("short");
    expect((await scrape("Bearer short")).status).toBe(404);
  });

  test.each([
    { name: "no authorization header", header: undefined },
    { name: "a wrong token", header: "Bearer metrics-test-token-0123456780" },
    { name: "the token without the Bearer scheme", header: TOKEN },
    { name: "a prefix of the token", header: `Bearer ${TOKEN.slice(0, 20)}` },
  ])("with a token set, $name is 401 with a WWW-Authenticate challenge", async ({ header }) => {
    setToken(TOKEN);
    const response = await scrape(header);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(await response.text()).not.toContain("clockwise_");
  });
});

describe("with the token", () => {
  beforeAll(() => {
    setToken(TOKEN);
  });

  test("queue depth, verdict counts and submission latency come from the database", async () => {
    const ids = await seedCodingQuestions();
    const user = await createUser();
    const questionId = ids["semantic-vector"]!;
    const base = { userId: user.id, questionId, code: "def llm_inference(text, engine):\n    return []\n" };
    const created = new Date(Date.now() - 10_000);
    await getPrisma().submission.createMany({
      data: [
        { ...base, language: "python", mode: "run", status: "queued" },
        { ...base, language: "python", mode: "run", status: "queued" },
        { ...base, language: "javascript", mode: "submit", status: "running" },
        // finished 1.5 s, 3 s and 8 s after being stored
        { ...base, language: "python", mode: "submit", status: "done", verdict: "AC", score: 1, createdAt: created, finishedAt: new Date(created.getTime() + 1500) },
        { ...base, language: "python", mode: "submit", status: "done", verdict: "AC", score: 1, createdAt: created, finishedAt: new Date(created.getTime() + 3000) },
        { ...base, language: "typescript", mode: "submit", status: "failed", verdict: "IE", score: 0, createdAt: created, finishedAt: new Date(created.getTime() + 8000) },
      ],
    });

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    expect(text).toContain("# TYPE clockwise_grader_queue_depth gauge");
    expect(sample(text, 'clockwise_grader_queue_depth{status="queued"}')).toBe(2);
    expect(sample(text, 'clockwise_grader_queue_depth{status="running"}')).toBe(1);
    expect(sample(text, 'clockwise_submission_verdicts_total{verdict="AC",language="python"}')).toBe(2);
    expect(sample(text, 'clockwise_submission_verdicts_total{verdict="IE",language="typescript"}')).toBe(1);
    expect(sample(text, 'clockwise_submission_verdicts_total{verdict="WA",language="python"}')).toBeUndefined();
    expect(sample(text, 'clockwise_submission_latency_seconds_bucket{mode="submit",le="1"}')).toBe(0);
    expect(sample(text, 'clockwise_submission_latency_seconds_bucket{mode="submit",le="2"}')).toBe(1);
    expect(sample(text, 'clockwise_submission_latency_seconds_bucket{mode="submit",le="5"}')).toBe(2);
    expect(sample(text, 'clockwise_submission_latency_seconds_bucket{mode="submit",le="10"}')).toBe(3);
    expect(sample(text, 'clockwise_submission_latency_seconds_bucket{mode="submit",le="+Inf"}')).toBe(3);
    expect(sample(text, 'clockwise_submission_latency_seconds_sum{mode="submit"}')).toBeCloseTo(12.5, 6);
    expect(sample(text, 'clockwise_submission_latency_seconds_count{mode="submit"}')).toBe(3);
    // No run-mode submission has finished: no run series at all rather than zeros.
    expect(text).not.toContain('clockwise_submission_latency_seconds_count{mode="run"}');
    expect(sample(text, 'clockwise_metrics_collect_errors_total{source="database"}')).toBeUndefined();

    // A later change is seen on the next scrape (no caching across scrapes).
    await getPrisma().submission.updateMany({ where: { status: "running", userId: user.id }, data: { status: "done", verdict: "WA", score: 0, finishedAt: new Date() } });
    const after = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(after, 'clockwise_grader_queue_depth{status="running"}')).toBe(0);
    expect(sample(after, 'clockwise_submission_verdicts_total{verdict="WA",language="javascript"}')).toBe(1);
  });

  test("engine stage histograms reflect real inferences of this process's engine", async () => {
    const engine = await getEngine();
    await engine.embed("word2vec", ["the model runs a forward pass"]);
    await engine.embed("word2vec", ["and another one"]);
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(text).toContain("# TYPE clockwise_engine_stage_seconds histogram");
    const count = sample(text, 'clockwise_engine_stage_seconds_count{model="word2vec",stage="forward"}');
    expect(count).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'clockwise_engine_stage_seconds_bucket{model="word2vec",stage="forward",le="+Inf"}')).toBe(count);
    expect(sample(text, 'clockwise_engine_stage_seconds_sum{model="word2vec",stage="forward"}')).toBeGreaterThan(0);
    expect(sample(text, 'clockwise_engine_requests_total{model="word2vec"}')).toBeGreaterThanOrEqual(2);
  });

  test("a submission route answers with the caller's x-request-id (or a new one) and its duration is observed", async () => {
    const { GET: listRoute } = await import("@/app/api/submissions/route");
    const call = (headers: Record<string, string>) => listRoute(new Request(`${BASE}/api/submissions`, { headers }), { params: Promise.resolve({}) });
    const before = sample(await (await scrape(`Bearer ${TOKEN}`)).text(), 'clockwise_http_request_duration_seconds_count{route="/api/submissions",method="GET",status="401"}') ?? 0;

    const kept = await call({ "x-request-id": "req-0123456789abcdef" });
    expect(kept.status).toBe(401);
    expect(kept.headers.get("x-request-id")).toBe("req-0123456789abcdef");
    const replaced = await call({ "x-request-id": "bad id with spaces" });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(text, 'clockwise_http_request_duration_seconds_count{route="/api/submissions",method="GET",status="401"}')).toBe(before + 2);
  });
});
