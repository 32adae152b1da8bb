/**
 * The playground's limits (guests included): the engine is shared with the grader, so an anonymous visitor
 * must not be able to keep it busy. Counted in PostgreSQL (lib/auth/rate-limit-window.ts), so the limit holds
 * across every web process, and keyed by the address the edge server recorded (lib/auth/client-address.ts), so
 * a forged X-Forwarded-For does not open a new bucket.
 */
import type { WindowRule } from "@/lib/auth/rate-limit-window";
import { RATE_LIMITS, rateLimitKey } from "@/lib/use-cases/limits/rate-limit-rules";

/** Characters per playground request; the grader's limits are much larger, this is a demo. */
export const PLAYGROUND_MAX_CHARS = 2000;

/** Requests per guest address (an IPv6 /64 counts as one address) per minute. */
export const PLAYGROUND_GUEST_LIMIT: WindowRule = RATE_LIMITS.playground.guest;
/** Requests per signed-in user per minute. */
export const PLAYGROUND_USER_LIMIT: WindowRule = RATE_LIMITS.playground.user;

/**
 * The RateLimit key and rule of one playground request: signed-in users by id, guests by address.
 *
 * @example
 *   playgroundLimit(null, "203.0.113.9")          // { key: "playground-ip|203.0.113.9", rule: PLAYGROUND_GUEST_LIMIT }
 *   playgroundLimit({ id: "u1" }, "203.0.113.9")  // { key: "playground-user|u1", rule: PLAYGROUND_USER_LIMIT }
 */
export function playgroundLimit(actor: { id: string } | null, address: string): { key: string; rule: WindowRule } {
  return rateLimitKey("playground", actor ? { userId: actor.id } : { address });
}
