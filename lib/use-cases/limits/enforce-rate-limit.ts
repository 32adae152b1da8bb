import "server-only";
/**
 * The one rate limit for everything that costs engine time, grader time or storage (ADR 0905). Each kind of action
 * has a fixed-window rule, counted in PostgreSQL (lib/auth/rate-limit-window.ts, the RateLimit table), so every
 * web process and machine shares one count per key: signed-in users by id, guests by the address the edge recorded.
 * Over the limit → AppError RATE_LIMITED (429) with retryAfterSeconds; lib/web turns it into a zh/en message.
 * Submissions keep their own count of stored rows under a per-user lock (create-submission.ts), which also
 * survives a wiped RateLimit table.
 *
 * @example
 *   await enforceRateLimit("concept-answer", { userId: actor.id });   // throws AppError("RATE_LIMITED") past 20/min
 *   await enforceRateLimit("playground", { address: "203.0.113.9" }); // guests: per address (/64 for IPv6)
 */
import { consumeRateLimit } from "@/lib/auth/rate-limit-window";
import { AppError } from "@/lib/errors";
import { RATE_LIMITS, rateLimitKey, type RateLimitedAction, type RateLimitSubject } from "./rate-limit-rules";

export { RATE_LIMITS, rateLimitKey, type RateLimitedAction, type RateLimitSubject };


export async function enforceRateLimit(action: RateLimitedAction, subject: RateLimitSubject): Promise<void> {
  const { key, rule } = rateLimitKey(action, subject);
  if (!(await consumeRateLimit(key, rule)).allowed) {
    throw new AppError("RATE_LIMITED", `Too many requests: at most ${rule.max} per ${rule.windowSeconds} s. Try again shortly.`, undefined, {
      retryAfterSeconds: rule.windowSeconds,
    });
  }
}
