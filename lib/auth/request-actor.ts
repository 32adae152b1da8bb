import "server-only";
/**
 * The current request's actor, resolved once per server render: the root layout and the page (and its
 * generateMetadata) each ask, and React's request-scoped `cache` makes that one session lookup instead of two or
 * three (ADR 1104). Route handlers and server actions call getActor(headers) directly.
 * `getRequestUser` is the same lookup with the public profile (the header shows the user's name); the actor is
 * derived from it, so asking for both still costs one session lookup.
 *
 * @example
 *   const actor = await getRequestActor(); // in a server component
 *   const user = await getRequestUser();   // { name, displayName, … } or null
 */
import { cache } from "react";
import { headers } from "next/headers";
import { getCurrentUser } from "./session";
import type { Actor } from "./actor";

export const getRequestUser = cache(async () => getCurrentUser(await headers()));

export const getRequestActor = cache(async (): Promise<Actor> => {
  const user = await getRequestUser();
  return user ? { id: user.id, role: user.role } : null;
});
