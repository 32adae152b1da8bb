/**
 * The PostgreSQL-backed window counter the playground's limits use (lib/auth/rate-limit-window.ts): one count per
 * key however many app processes (here: separate Prisma clients with their own pools) take from it.
 */
import { randomUUID } from "node:crypto";
import { consumeRateLimit } from "@/lib/auth/rate-limit-window";
import { createPrismaClient, disconnectPrisma, prisma } from "@/lib/db/client";

const rule = { max: 3, windowSeconds: 60 };
const key = () => `test-window|${randomUUID()}`;

afterAll(async () => {
  await disconnectPrisma();
});

test("allows `max` requests per window per key, then refuses until the window ends", async () => {
  const k = key();
  const t0 = 1_800_000_000_000;
  const allowed: boolean[] = [];
  for (const dt of [0, 10, 20, 30]) allowed.push((await consumeRateLimit(k, rule, { now: t0 + dt })).allowed);
  expect(allowed).toEqual([true, true, true, false]);
  expect((await consumeRateLimit(key(), rule, { now: t0 + 30 })).allowed).toBe(true); // keys are independent
  expect(await consumeRateLimit(k, rule, { now: t0 + 59_999 })).toEqual({ allowed: false, count: 5 });
  expect(await consumeRateLimit(k, rule, { now: t0 + 60_000 })).toEqual({ allowed: true, count: 1 }); // a new window
});

test("processes with their own connection pools share one count, and concurrent requests are counted exactly", async () => {
  const other = createPrismaClient(process.env.DATABASE_URL!);
  try {
    const k = key();
    const limit = { max: 20, windowSeconds: 60 };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => consumeRateLimit(k, limit, i % 2 === 0 ? {} : { db: other })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const row = await prisma.rateLimit.findUniqueOrThrow({ where: { key: k } });
    expect(row.count).toBe(30);
  } finally {
    await other.$disconnect();
  }
});
