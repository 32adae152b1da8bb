import "server-only";
import type { SignedInActor } from "@/lib/auth/actor";
import { extendMockSessionRow } from "@/lib/db/mock/mock-sessions";
import { AppError } from "@/lib/errors";

/** WCAG 2.2.1 (timing adjustable): the timer warns before it locks and can be extended once by this much. */
export const MOCK_EXTENSION_MINUTES = 5;

/**
 * Extends an active interview once, before its deadline. Owner-only.
 *
 * @example
 *   await extendMockSession({ actor, id }); // deadline + 5 min; a second call → CONFLICT
 */
export async function extendMockSession({ actor, id, now = new Date() }: { actor: SignedInActor; id: string; now?: Date }): Promise<void> {
  const ok = await extendMockSessionRow({ id, userId: actor.id, minutes: MOCK_EXTENSION_MINUTES, now });
  if (!ok) throw new AppError("CONFLICT", "this interview cannot be extended (already extended, finished or past its deadline)");
}
