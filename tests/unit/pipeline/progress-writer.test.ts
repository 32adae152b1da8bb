/**
 * Live progress in batches (ADR 0704): counts the write round trips a grading makes, on fake timers.
 */
import { ProgressWriter } from "@/lib/grader/pipeline/progress-writer";

beforeEach(() => jest.useFakeTimers({ now: 1_000 }));
afterEach(() => jest.useRealTimers());

function recorder() {
  const batches: number[][] = [];
  let release: (() => void) | undefined;
  let hold = false;
  return {
    batches,
    hold: () => (hold = true),
    release: () => {
      hold = false;
      release?.();
    },
    write: (batch: number[]) => {
      batches.push(batch);
      return hold ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    },
  };
}

test("a grading that finishes within the interval writes no progress at all", async () => {
  const r = recorder();
  const progress = new ProgressWriter<number>({ intervalMs: 100, write: r.write });
  for (let i = 0; i < 10; i++) {
    progress.add(i);
    jest.advanceTimersByTime(6);
  }
  await progress.close();
  jest.advanceTimersByTime(1_000);
  expect(r.batches).toEqual([]);
  expect(progress.writes).toBe(0);
});

test("a slow grading shows its tests in batches, at most one per interval", async () => {
  const r = recorder();
  const progress = new ProgressWriter<number>({ intervalMs: 100, write: r.write });
  for (let i = 0; i < 10; i++) {
    progress.add(i);
    await jest.advanceTimersByTimeAsync(40); // a test every 40 ms: 400 ms in all
  }
  await progress.close();
  expect(r.batches.flat()).toEqual(r.batches.flat().sort((a, b) => a - b));
  expect(r.batches.length).toBeGreaterThanOrEqual(3);
  expect(r.batches.length).toBeLessThanOrEqual(4);
  expect(r.batches[0]).toEqual([0, 1, 2]); // due at 100 ms: the tests finished at 0, 40 and 80 ms
});

test("one write at a time: tests that finish during a slow write go in the next batch", async () => {
  const r = recorder();
  const progress = new ProgressWriter<number>({ intervalMs: 10, write: r.write });
  progress.add(0);
  r.hold();
  await jest.advanceTimersByTimeAsync(10);
  expect(r.batches).toEqual([[0]]);
  for (let i = 1; i <= 5; i++) progress.add(i);
  await jest.advanceTimersByTimeAsync(500); // the first write is still running
  expect(r.batches).toEqual([[0]]);
  r.release();
  await jest.advanceTimersByTimeAsync(10);
  expect(r.batches).toEqual([[0], [1, 2, 3, 4, 5]]);
  await progress.close();
});

test("interval 0 keeps the old behaviour: one write per test, at once", async () => {
  const r = recorder();
  const progress = new ProgressWriter<number>({ intervalMs: 0, write: r.write });
  for (let i = 0; i < 10; i++) progress.add(i);
  await progress.close();
  expect(r.batches).toEqual([...Array(10).keys()].map((i) => [i]));
  expect(progress.writes).toBe(10);
});

test("close waits for the write in flight and drops what was not written yet", async () => {
  const r = recorder();
  const progress = new ProgressWriter<number>({ intervalMs: 10, write: r.write });
  progress.add(0);
  r.hold();
  await jest.advanceTimersByTimeAsync(10);
  progress.add(1);
  let closed = false;
  const closing = progress.close().then(() => (closed = true));
  await jest.advanceTimersByTimeAsync(50);
  expect(closed).toBe(false);
  r.release();
  await closing;
  await jest.advanceTimersByTimeAsync(100);
  expect(r.batches).toEqual([[0]]);
});

test("a failed write is not the grading's failure", async () => {
  const progress = new ProgressWriter<number>({ intervalMs: 0, write: () => Promise.reject(new Error("connection lost")) });
  progress.add(1);
  await expect(progress.close()).resolves.toBeUndefined();
});
