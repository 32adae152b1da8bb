/**
 * Per-account sign-in limit: at most `max` attempts per email per window, counted atomically in the RateLimit
 * table (shared with better-auth's per-IP counters; our keys start with "signin-email|"). An attacker rotating
 * source addresses still hits this one.
 *
 * @example
 *   const { allowed } = await consumeSignInAttempt("a@b.c", { max: 10, windowSeconds: 60 });
 */
import { consumeRateLimit, type WindowRule } from "./rate-limit-window";

export function consumeSignInAttempt(email: string, rule: WindowRule): Promise<{ allowed: boolean; count: number }> {
  return consumeRateLimit(`signin-email|${email.trim().toLowerCase()}`, rule);
}
