/**
 * A fixed-window request counter kept in PostgreSQL (the RateLimit table better-auth's per-IP limits and our
 * per-account sign-in limit use), so every web process, and every machine, shares one count per key: a limit
 * that holds per process would be N times looser with N processes (lib/ops/web-server.ts runs several).
 *
 * Atomic: one INSERT … ON CONFLICT per request; `lastRequest` holds the start of the key's current window, and a
 * request after the window ended starts a new one at 1. Keys carry a prefix naming the limit ("playground-ip|…").
 *
 * @example
 *   const { allowed } = await consumeRateLimit(`playground-ip|203.0.113.9`, { max: 20, windowSeconds: 60 });
 */
import { randomUUID } from "node:crypto";
import { prisma, type Database } from "@/lib/db/client";

export interface WindowRule {
  max: number;
  windowSeconds: number;
}

export async function consumeRateLimit(
  key: string,
  rule: WindowRule,
  options: { now?: number; db?: Database } = {},
): Promise<{ allowed: boolean; count: number }> {
  const now = options.now ?? Date.now();
  const db = options.db ?? prisma;
  const windowStart = now - rule.windowSeconds * 1000;
  const rows = await db.$queryRaw<Array<{ count: number }>>`
    INSERT INTO "RateLimit" ("id", "key", "count", "lastRequest")
    VALUES (${randomUUID()}, ${key}, 1, ${BigInt(now)})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."lastRequest" <= ${BigInt(windowStart)} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "lastRequest" = CASE WHEN "RateLimit"."lastRequest" <= ${BigInt(windowStart)} THEN ${BigInt(now)} ELSE "RateLimit"."lastRequest" END
    RETURNING "count"`;
  const count = Number(rows[0]?.count ?? 1);
  return { allowed: count <= rule.max, count };
}
