/** The start-up self-test on the real sandbox and engine, and the warm pool of pre-started boxes. */
import { gradeInSandbox } from "@/lib/grader/run-tests";
import { selfTest, selfTestPassed } from "@/lib/grader/self-test";
import { boxRegistry } from "@/lib/grader/sandbox/box";
import { BoxPool, configureWarmPool } from "@/lib/grader/sandbox/pool";
import { parseConfig } from "@/lib/config/config";
import { resolveLimits } from "@/lib/grader/limits";
import type { EngineLike } from "@/lib/grader/types";
import { closeRealEngine, realEngine } from "./support/real-engine";

let engine: EngineLike;
beforeAll(async () => {
  engine = await realEngine();
}, 120_000);
afterAll(() => closeRealEngine());

test("the self-test accepts all three languages", async () => {
  const report = await selfTest(engine);
  expect(Object.fromEntries(Object.entries(report).map(([k, v]) => [k, v.ok ? "ok" : (v as { error: string }).error]))).toEqual({
    python: "ok",
    javascript: "ok",
    typescript: "ok",
  });
  expect(selfTestPassed(report)).toBe(true);
});

test("the self-test reports a broken engine per language instead of throwing", async () => {
  const broken: EngineLike = { ...engine, tokenize: () => { throw new Error("no tokenizer"); }, info: (m) => engine.info(m), labels: (m) => engine.labels(m), forward: (m, i) => engine.forward(m, i) };
  const report = await selfTest(broken);
  expect(selfTestPassed(report)).toBe(false);
  expect(report.python).toEqual({ ok: false, ms: 0, error: "the engine cannot run the self-test: no tokenizer" });
});

describe("warm pool", () => {
  test("CLOCKWISE_WARM_POOL is validated at start (lib/config), and the pool only takes sizes it can hold", () => {
    expect(parseConfig({}).grader.warmPool).toBe(0);
    expect(parseConfig({ CLOCKWISE_WARM_POOL: "2" }).grader.warmPool).toBe(2);
    expect(() => parseConfig({ CLOCKWISE_WARM_POOL: "99" })).toThrow(/CLOCKWISE_WARM_POOL: expected an integer 0\.\.8, got "99"/);
    expect(() => configureWarmPool(99)).toThrow(/0\.\.8/);
  });

  test("hands out a pre-started box once, refills, and falls back to a fresh box for other limits", async () => {
    const limits = resolveLimits();
    const pool = new BoxPool(1, limits);
    pool.fill("python");
    await new Promise((r) => setTimeout(r, 1_500));
    const first = await pool.acquire("python", limits);
    expect(first.pooled).toBe(true);
    const other = await pool.acquire("python", resolveLimits({ cpuSeconds: 3 }));
    expect(other.pooled).toBe(false);
    await new Promise((r) => setTimeout(r, 1_500));
    const second = await pool.acquire("python", limits);
    expect(second.pooled).toBe(true);
    expect(second.box.id).not.toBe(first.box.id);
    await Promise.all([first.box.destroy(), other.box.destroy(), second.box.destroy()]);
    await pool.close(); // also waits for a refill that was still starting
    expect(boxRegistry().live).toEqual([]);
  }, 20_000);

  test("grading with the pool enabled gives the same verdicts", async () => {
    configureWarmPool(1); // what a grader worker does at start with its configured size
    try {
      const { defaultBoxPool } = await import("@/lib/grader/sandbox/pool");
      const pool = defaultBoxPool();
      pool.fill("javascript");
      // Wait until the warm box is up (by the pool's own count, not by a guess at how long a start takes).
      const idle = () => (pool as unknown as { idle: Map<string, unknown[]> }).idle.get("javascript")?.length ?? 0;
      for (let i = 0; i < 600 && idle() === 0; i++) await new Promise((r) => setTimeout(r, 50));
      const acquire = jest.spyOn(pool, "acquire");
      const result = await gradeInSandbox({
        language: "javascript",
        code: "const solve = (a, b) => a + b",
        entry: "solve",
        tests: [{ args: [1, 2], expected: 3 }, { args: [2, 2], expected: 5 }],
        checker: { type: "exact" },
        engine,
      });
      expect(result.tests.map((t) => t.verdict)).toEqual(["AC", "WA"]);
      expect(acquire).toHaveBeenCalledTimes(1);
      await expect(acquire.mock.results[0].value).resolves.toMatchObject({ pooled: true }); // taken warm
      acquire.mockRestore();
      await new Promise((r) => setTimeout(r, 10)); // let the refill begin, so close() must wait for it
      await pool.close();
      expect(boxRegistry().live).toEqual([]);
    } finally {
      configureWarmPool(0);
    }
  }, 20_000);

  test("closeDefaultBoxPool (a stopping worker) destroys the idle boxes, and the next use starts a new pool", async () => {
    configureWarmPool(1);
    try {
      const { closeDefaultBoxPool, defaultBoxPool } = await import("@/lib/grader/sandbox/pool");
      const pool = defaultBoxPool();
      pool.fill("python");
      const deadline = Date.now() + 10_000;
      while (boxRegistry().live.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(boxRegistry().live.length).toBe(1);
      await closeDefaultBoxPool();
      expect(boxRegistry().live).toEqual([]);
      const next = defaultBoxPool();
      expect(next).not.toBe(pool);
      expect(next.size).toBe(1);
      await closeDefaultBoxPool();
    } finally {
      configureWarmPool(0);
    }
  }, 20_000);
});
