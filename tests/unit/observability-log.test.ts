/**
 * The structured logger: child bindings on every line, undefined bindings left out, secrets and submitted code
 * censored, request ids accepted only when well-formed, the level taken from CLOCKWISE_LOG_LEVEL.
 */
import { childLogger, createLogger, logLevel } from "@/lib/observability/log";
import { isWellFormedRequestId, requestIdFrom } from "@/lib/observability/request-id";

function capture(level = "debug") {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(JSON.parse(line)) }, level);
  return { logger, lines };
}

test("a child logger puts its bindings on every line and leaves undefined ones out", () => {
  const { logger, lines } = capture();
  const log = childLogger({ component: "grader", submissionId: "sub_123", requestId: undefined }, logger);
  log.info({ event: "job.graded", verdict: "AC", durationMs: 812 }, "graded");
  log.warn({ event: "job.retried" }, "retry");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatchObject({ component: "grader", submissionId: "sub_123", event: "job.graded", verdict: "AC", durationMs: 812, msg: "graded", level: 30, severity: "info" });
  expect(lines[0]).not.toHaveProperty("requestId");
  expect(lines[1]).toMatchObject({ component: "grader", submissionId: "sub_123", level: 40, severity: "warn" });
  expect(typeof lines[0]!.time).toBe("string");
  expect(new Date(lines[0]!.time as string).getTime()).not.toBeNaN();
});

test("nested children keep the parent's bindings", () => {
  const { logger, lines } = capture();
  childLogger({ component: "submissions-api", requestId: "req-00000001" }, childLogger({ component: "root" }, logger)).info("x");
  expect(lines[0]).toMatchObject({ component: "submissions-api", requestId: "req-00000001" });
});

const secretCases: { name: string; fields: Record<string, unknown>; path: string[] }[] = [
  { name: "password at the top level", fields: { password: "hunter2hunter2" }, path: ["password"] },
  { name: "password one level down", fields: { user: { email: "a@b.c", password: "hunter2hunter2" } }, path: ["user", "password"] },
  { name: "cookie header", fields: { headers: { cookie: "better-auth.session_token=abc" } }, path: ["headers", "cookie"] },
  { name: "authorization header", fields: { headers: { authorization: "Bearer abcdefabcdef" } }, path: ["headers", "authorization"] },
  { name: "set-cookie header", fields: { headers: { "set-cookie": "a=b" } }, path: ["headers", "set-cookie"] },
  { name: "database url", fields: { config: { databaseUrl: "postgres://u:p@h/db" } }, path: ["config", "databaseUrl"] },
  { name: "auth secret env", fields: { env: { BETTER_AUTH_SECRET: "x".repeat(40) } }, path: ["env", "BETTER_AUTH_SECRET"] },
  { name: "submitted code at the top level", fields: { code: "def llm_inference(t, e): ..." }, path: ["code"] },
  { name: "submitted code in the input", fields: { input: { code: "print(1)", language: "python" } }, path: ["input", "code"] },
];

test.each(secretCases)("redacts $name", ({ fields, path }) => {
  const { logger, lines } = capture();
  logger.info(fields, "with a secret");
  let value: unknown = lines[0];
  for (const key of path) value = (value as Record<string, unknown>)[key];
  expect(value).toBe("[redacted]");
  expect(JSON.stringify(lines[0])).not.toMatch(/hunter2|session_token|Bearer abc|postgres:\/\/|xxxxxxxx|llm_inference|print\(1\)/);
});

test("keeps what is useful next to a redacted field: an error's code, the language", () => {
  const { logger, lines } = capture();
  const err = Object.assign(new Error("boom"), { code: "ECONNREFUSED" });
  logger.error({ err, input: { code: "print(1)", language: "python" } }, "failed");
  expect(lines[0]).toMatchObject({ err: { message: "boom", code: "ECONNREFUSED", type: "Error" }, input: { code: "[redacted]", language: "python" } });
});

test("the level comes from CLOCKWISE_LOG_LEVEL; Jest defaults to silent; lines below the level are dropped", () => {
  expect(logLevel({ CLOCKWISE_LOG_LEVEL: "WARN" })).toBe("warn");
  expect(logLevel({ NODE_ENV: "test" })).toBe("silent");
  expect(logLevel({})).toBe("info");
  // A process entry point spawned by a test (npm run worker in the pipeline tests) still logs.
  expect(logLevel({ NODE_ENV: "test", JEST_WORKER_ID: "1" }, { quietUnderJest: false })).toBe("info");
  expect(logLevel({ JEST_WORKER_ID: "1", CLOCKWISE_LOG_LEVEL: "error" }, { quietUnderJest: false })).toBe("error");
  const { logger, lines } = capture("warn");
  logger.info("dropped");
  logger.warn("kept");
  expect(lines.map((l) => l.msg)).toEqual(["kept"]);
});

test.each([
  { name: "a UUID", given: "3f1e2d4c-5b6a-4789-8abc-def012345678", kept: true },
  { name: "a short token id", given: "req-7f3a9c01", kept: true },
  { name: "too short", given: "abc", kept: false },
  { name: "spaces", given: "hello world 1234", kept: false },
  { name: "a quote", given: 'abcdefgh"ijk', kept: false },
  { name: "too long", given: "a".repeat(129), kept: false },
])("request id from x-request-id: $name", ({ given, kept }) => {
  expect(isWellFormedRequestId(given)).toBe(kept);
  const id = requestIdFrom(new Headers({ "x-request-id": given }));
  if (kept) expect(id).toBe(given);
  else expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("a missing x-request-id gets a fresh UUID each time", () => {
  const a = requestIdFrom(new Headers());
  const b = requestIdFrom(new Headers());
  expect(a).not.toBe(b);
  expect(isWellFormedRequestId(a)).toBe(true);
});
