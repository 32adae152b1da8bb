/**
 * The admin check every admin use case starts with. Guests get UNAUTHORIZED, candidates FORBIDDEN, so a candidate
 * calling an admin server action or route directly gets 401/403 and nothing changes.
 *
 * @example
 *   const admin = assertAdmin(actor); // throws unless actor.role === "admin"
 */
import type { Actor, SignedInActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export type AdminActor = SignedInActor & { role: "admin" };

export function assertAdmin(actor: Actor): AdminActor {
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in first.");
  if (actor.role !== "admin") throw new AppError("FORBIDDEN", "Only admins can do this.");
  return actor as AdminActor;
}
