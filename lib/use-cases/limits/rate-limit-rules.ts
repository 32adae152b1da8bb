/**
 * The rules of the one rate limit (lib/use-cases/limits/enforce-rate-limit.ts), as plain data so pages, forms and
 * tests can show or check them without loading the database layer.
 *
 * @example
 *   RATE_LIMITS["concept-answer"].user // { max: 20, windowSeconds: 60 }
 */
import { addressBucket } from "@/lib/auth/client-address";
import type { WindowRule } from "@/lib/auth/rate-limit-window";
import { AppError } from "@/lib/errors";

/** Per signed-in user (and, where guests may act, per guest address) per window. */
export const RATE_LIMITS = {
  /** Each answer is scored on the shared engine (~280 ms) and stored (≤ 8,000 characters). */
  "concept-answer": { user: { max: 20, windowSeconds: 60 } },
  /** Mock interview answers are stored (≤ 8,000 characters each); the page saves on blur and on Save. */
  "mock-answer": { user: { max: 60, windowSeconds: 60 } },
  /** Playground runs and generations: the engine is shared with the grader. */
  playground: { user: { max: 60, windowSeconds: 60 }, guest: { max: 20, windowSeconds: 60 } },
  /** Admin validation and "fill expected outputs" run the reference solution on every test in the sandbox. */
  "admin-validation": { user: { max: 10, windowSeconds: 60 } },
} as const satisfies Record<string, { user: WindowRule; guest?: WindowRule }>;

export type RateLimitedAction = keyof typeof RATE_LIMITS;

export type RateLimitSubject = { userId: string } | { address: string };

/** The RateLimit key and rule of one request (exported for tests and for the playground's form limits). */
export function rateLimitKey(action: RateLimitedAction, subject: RateLimitSubject): { key: string; rule: WindowRule } {
  const rules: { user: WindowRule; guest?: WindowRule } = RATE_LIMITS[action];
  if ("userId" in subject) return { key: `${action}-user|${subject.userId}`, rule: rules.user };
  if (!rules.guest) throw new AppError("UNAUTHORIZED", "Sign in first.");
  return { key: `${action}-ip|${addressBucket(subject.address)}`, rule: rules.guest };
}
