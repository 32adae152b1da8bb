/**
 * The public page cache's keying rules (ADR 1105), with a fake change feed: an entry read under one generation is
 * never served under another, a change committed *during* a read retires that read, failed reads are not kept, and
 * a process that cannot hear changes never caches. Counts loads; no timing.
 */
import type { BankChanges } from "@/lib/db/questions/bank-changes";
import { PublicBankCache } from "@/lib/use-cases/questions/public-bank-cache";

function feed(start: number | null) {
  let generation = start;
  const changes: BankChanges = {
    current: () => generation,
    ready: async () => generation !== null,
    onChange: () => () => undefined,
    noteLocalWrite: () => undefined,
    close: async () => undefined,
  };
  return { changes, bump: () => (generation = (generation ?? 0) + 1), deafen: () => (generation = null) };
}

test("one load per key and generation; a change retires every entry", async () => {
  const f = feed(1);
  const cache = new PublicBankCache(() => f.changes);
  let n = 0;
  const load = async () => ++n;
  expect(await cache.get("a", load)).toBe(1);
  expect(await cache.get("a", load)).toBe(1);
  expect(await cache.get("b", load)).toBe(2);
  f.bump();
  expect(await cache.get("a", load)).toBe(3);
  expect(await cache.get("b", load)).toBe(4);
  expect(cache.loads).toBe(4);
});

test("a change committed while a read runs retires that read", async () => {
  const f = feed(1);
  const cache = new PublicBankCache(() => f.changes);
  let n = 0;
  const first = await cache.get("a", async () => {
    f.bump(); // the admin's commit lands mid-read
    return ++n;
  });
  expect(first).toBe(1);
  expect(await cache.get("a", async () => ++n)).toBe(2);
});

test("failed reads are not kept", async () => {
  const f = feed(1);
  const cache = new PublicBankCache(() => f.changes);
  await expect(cache.get("a", () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
  expect(await cache.get("a", async () => "ok")).toBe("ok");
});

test("without a change feed (LISTEN down, or the cache switched off) every request reads", async () => {
  const f = feed(null);
  for (const cache of [new PublicBankCache(() => f.changes), new PublicBankCache(() => null)]) {
    let n = 0;
    await cache.get("a", async () => ++n);
    await cache.get("a", async () => ++n);
    expect(n).toBe(2);
  }
});
