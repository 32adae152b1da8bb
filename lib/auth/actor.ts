/**
 * Who is asking: a signed-in user with a role, or null for a guest. Every use case in lib/use-cases takes one.
 *
 * @example
 *   const actor: Actor = { id: "u_1", role: "candidate" };
 */
export type Role = "candidate" | "admin";
export type Actor = { id: string; role: Role } | null;
export type SignedInActor = NonNullable<Actor>;

export function isAdmin(actor: Actor): actor is SignedInActor & { role: "admin" } {
  return actor?.role === "admin";
}

/** Narrow any stored role value to a Role; anything unknown is the least privileged. */
export function toRole(value: unknown): Role {
  return value === "admin" ? "admin" : "candidate";
}
