import "server-only";
/**
 * Resolve the request's session cookie to an Actor (or null for a guest).
 *
 * @example
 *   const actor = await getActor(request.headers);          // route handler
 *   const actor = await getActor(await headers());          // server component / action
 */
import { getSessionCookie } from "better-auth/cookies";
import { getAuth } from "./auth";
import { toRole, type Actor } from "./actor";

/**
 * better-auth's session lookup for this request, or null straight away when it carries no session cookie: a guest's
 * page then costs no trip through better-auth's endpoint machinery (~5 % of a guest page's CPU, ADR 1104). The
 * cookie's value is still only trusted after better-auth has checked it.
 */
function lookUpSession(headers: Headers) {
  if (!getSessionCookie(headers)) return Promise.resolve(null);
  return getAuth().api.getSession({ headers });
}

export async function getActor(headers: Headers): Promise<Actor> {
  const session = await lookUpSession(headers);
  if (!session?.user) return null;
  return { id: session.user.id, role: toRole((session.user as { role?: unknown }).role) };
}

/** The signed-in user's public profile, for the header/menu. Never includes secrets. */
export async function getCurrentUser(headers: Headers): Promise<{
  id: string;
  email: string;
  name: string;
  displayName: string | null;
  role: "candidate" | "admin";
  locale: "zh" | "en";
} | null> {
  const session = await lookUpSession(headers);
  if (!session?.user) return null;
  const user = session.user as typeof session.user & { role?: unknown; displayName?: string | null; locale?: string };
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    displayName: user.displayName ?? null,
    role: toRole(user.role),
    locale: user.locale === "en" ? "en" : "zh",
  };
}
