/**
 * Per-account sign-in limit: at most `max` attempts per email per window, counted atomically in the RateLimit
 * table (shared with better-auth's per-IP counters; our keys start with "signin-email|"). An attacker rotating
 * X-Forwarded-For values still hits this one.
 *
 * @example
 *   const { allowed } = await consumeSignInAttempt("a@b.c", { max: 10, windowSeconds: 60 });
 */
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";

export async function consumeSignInAttempt(
  email: string,
  rule: { max: number; windowSeconds: number },
): Promise<{ allowed: boolean; count: number }> {
  const key = `signin-email|${email.trim().toLowerCase()}`;
  const now = Date.now();
  const windowStart = now - rule.windowSeconds * 1000;
  // lastRequest holds the start of the current window; an expired window restarts at 1.
  const rows = await prisma.$queryRaw<Array<{ count: number }>>`
    INSERT INTO "RateLimit" ("id", "key", "count", "lastRequest")
    VALUES (${randomUUID()}, ${key}, 1, ${BigInt(now)})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."lastRequest" <= ${BigInt(windowStart)} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "lastRequest" = CASE WHEN "RateLimit"."lastRequest" <= ${BigInt(windowStart)} THEN ${BigInt(now)} ELSE "RateLimit"."lastRequest" END
    RETURNING "count"`;
  const count = Number(rows[0]?.count ?? 1);
  return { allowed: count <= rule.max, count };
}
