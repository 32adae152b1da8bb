/**
 * One configuration (issue 12, ADR 0004): loadConfig() parses every variable once, names every bad one with what is
 * allowed, caches the result, and never writes into process.env; resetConfigForTests() is the seam for tests that
 * change the environment.
 */
import { EnvError } from "@/lib/config/env";
import { loadConfig, parseConfig, resetConfigForTests, updateConfig } from "@/lib/config/config";

afterEach(() => resetConfigForTests());

test("defaults: the README's configuration table", () => {
  const config = parseConfig({});
  expect(config.submissions).toEqual({ rateLimit: 10, fairGrading: true });
  expect(config.pageCache).toEqual({ enabled: true });
  expect(config.grader.warmPool).toBe(0);
  expect(config.workerProcess.warmPool).toBe(1);
  expect(config.grader.stopTimeoutMs).toBe(20_000);
  expect(config.database).toEqual({ url: undefined, poolSize: 10, poolSizeSet: false });
  expect(config.app.PORT).toBe(3000);
  expect(config.engine).toMatchObject({ threads: 2, batchWindowMs: 2, maxBatch: 32 });
  expect(config.grader.limits.defaults.memoryMb).toBeGreaterThan(0);
  expect(config.metrics.token).toBeUndefined();
});

test.each([
  { env: { CLOCKWISE_SUBMISSION_RATE_LIMIT: "7" }, pick: (c: ReturnType<typeof parseConfig>) => c.submissions.rateLimit, expected: 7 },
  { env: { CLOCKWISE_FAIR_GRADING: "off" }, pick: (c: ReturnType<typeof parseConfig>) => c.submissions.fairGrading, expected: false },
  { env: { CLOCKWISE_FAIR_GRADING: "false" }, pick: (c: ReturnType<typeof parseConfig>) => c.submissions.fairGrading, expected: false },
  { env: { CLOCKWISE_PAGE_CACHE: "0" }, pick: (c: ReturnType<typeof parseConfig>) => c.pageCache.enabled, expected: false },
  { env: { CLOCKWISE_WARM_POOL: "3" }, pick: (c: ReturnType<typeof parseConfig>) => [c.grader.warmPool, c.workerProcess.warmPool], expected: [3, 3] },
  { env: { CLOCKWISE_WORKER_STOP_TIMEOUT_MS: "5000" }, pick: (c: ReturnType<typeof parseConfig>) => c.grader.stopTimeoutMs, expected: 5000 },
  { env: { CLOCKWISE_DB_POOL_SIZE: "4" }, pick: (c: ReturnType<typeof parseConfig>) => [c.database.poolSize, c.database.poolSizeSet], expected: [4, true] },
  { env: { CLOCKWISE_SUBMISSION_RATE_LIMIT: "  " }, pick: (c: ReturnType<typeof parseConfig>) => c.submissions.rateLimit, expected: 10 },
])("$env is read as $expected", ({ env, pick, expected }) => {
  expect(pick(parseConfig(env))).toEqual(expected);
});

test.each([
  { variable: "CLOCKWISE_SUBMISSION_RATE_LIMIT", value: "0", allowed: /expected a positive integer, got "0"/ },
  { variable: "CLOCKWISE_SUBMISSION_RATE_LIMIT", value: "lots", allowed: /expected a positive integer/ },
  { variable: "CLOCKWISE_FAIR_GRADING", value: "maybe", allowed: /expected true\/false/ },
  { variable: "CLOCKWISE_PAGE_CACHE", value: "2", allowed: /expected true\/false/ },
  { variable: "CLOCKWISE_WARM_POOL", value: "9", allowed: /expected an integer 0\.\.8, got "9"/ },
  { variable: "CLOCKWISE_WORKER_STOP_TIMEOUT_MS", value: "-1", allowed: /between 0 and 600000/ },
  { variable: "CLOCKWISE_WORKER_CONCURRENCY", value: "0", allowed: /./ },
  { variable: "CLOCKWISE_GRADE_EXPIRE_SECONDS", value: "10", allowed: /longer than the job timeout/ },
  { variable: "CLOCKWISE_MEMORY_MB", value: "1", allowed: /must be between/ },
  { variable: "CLOCKWISE_ENGINE_THREADS", value: "0", allowed: /expected intra-op threads/ },
  { variable: "PORT", value: "http", allowed: /expected an integer between 1 and 65535/ },
  { variable: "CLOCKWISE_DB_POOL_SIZE", value: "-3", allowed: /expected a positive integer/ },
])("$variable=$value stops the start with a message naming it and what is allowed", ({ variable, value, allowed }) => {
  let thrown: unknown;
  try {
    parseConfig({ [variable]: value });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(EnvError);
  const issue = (thrown as EnvError).issues.find((i) => i.variable === variable);
  expect(issue).toBeDefined();
  expect(issue!.message).toMatch(allowed);
  expect((thrown as EnvError).message).not.toMatch(/\n\s+at /); // no stack trace
});

test("every bad variable is listed at once, one line each", () => {
  let thrown: EnvError | undefined;
  try {
    parseConfig({ CLOCKWISE_WARM_POOL: "99", CLOCKWISE_FAIR_GRADING: "maybe", PORT: "0" });
  } catch (error) {
    thrown = error as EnvError;
  }
  expect(thrown!.issues.map((i) => i.variable).sort()).toEqual(["CLOCKWISE_FAIR_GRADING", "CLOCKWISE_WARM_POOL", "PORT"]);
});

test("loadConfig parses once and caches; the test seam parses again", () => {
  const saved = process.env.CLOCKWISE_SUBMISSION_RATE_LIMIT;
  try {
    process.env.CLOCKWISE_SUBMISSION_RATE_LIMIT = "3";
    resetConfigForTests();
    const first = loadConfig();
    expect(first.submissions.rateLimit).toBe(3);
    process.env.CLOCKWISE_SUBMISSION_RATE_LIMIT = "4";
    expect(loadConfig()).toBe(first); // cached: later changes to the environment are not re-read
    resetConfigForTests();
    expect(loadConfig().submissions.rateLimit).toBe(4);
  } finally {
    if (saved === undefined) delete process.env.CLOCKWISE_SUBMISSION_RATE_LIMIT;
    else process.env.CLOCKWISE_SUBMISSION_RATE_LIMIT = saved;
  }
});

test("values learnt at run time (npm start's embedded database) join the configuration without touching process.env", () => {
  const before = { ...process.env };
  const config = updateConfig({ DATABASE_URL: "postgresql://u:p@127.0.0.1:5999/x", BETTER_AUTH_SECRET: "s".repeat(40) });
  expect(config.database.url).toBe("postgresql://u:p@127.0.0.1:5999/x");
  expect(loadConfig().app.BETTER_AUTH_SECRET).toBe("s".repeat(40));
  expect(updateConfig({ PORT: "3100" }).database.url).toBe("postgresql://u:p@127.0.0.1:5999/x"); // kept
  expect(process.env).toEqual(before);
});
