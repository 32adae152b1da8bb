import "server-only";
/**
 * Guards that compose instead of copied if-blocks.
 * Route handlers: `withUser(handler)` / `withAdmin(handler)` answer 401/403 themselves (403 for a foreign Origin on
 * unsafe methods, 413 for a body over MAX_REQUEST_BODY_BYTES) and answer whatever the handler throws with
 * lib/web/error-response.ts (AppError → its status; anything else a plain 500, logged, never leaked).
 * Server actions and server components: `requireUser()` / `requireAdmin()` throw AppError UNAUTHORIZED/FORBIDDEN.
 *
 * @example
 *   export const GET = withUser(async (request, { actor, params }) => Response.json(await getSubmission({ actor, id: (await params).id })));
 *   export async function saveQuestion(input: unknown) { "use server"; const actor = await requireAdmin(); ... }
 */
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/web/error-response";
import { loadConfig } from "@/lib/config/config";
import { trustedOrigins } from "./auth";
import { boundRequestBody } from "./bounded-body";
import { getActor } from "./session";
import type { Actor, SignedInActor } from "./actor";

type RouteContext<P> = { params: Promise<P> };
type GuardedHandler<A, P> = (request: Request, context: RouteContext<P> & { actor: A }) => Promise<Response> | Response;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery: a browser names the page's origin on every unsafe request, so a foreign Origin on a
 * POST/PUT/PATCH/DELETE is refused before the session cookie is looked at (SameSite=Lax alone does not cover
 * sibling subdomains or old browsers, and a text/plain form post still reaches `request.json()`). Clients that send
 * no Origin (curl, scripts) are not browsers riding on a victim's cookie.
 */
function refuseForeignOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  if (origin === null) return;
  if (!trustedOrigins(loadConfig().app.appUrl).includes(origin)) throw new AppError("FORBIDDEN", "Cross-site request refused.");
}

/** The largest request body a guarded route reads (a submission is at most 64 KB of code + 16 KB of input). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export interface GuardOptions {
  /** A larger body cap for one route (e.g. the admin bundle import); read only after the actor was accepted. */
  maxBodyBytes?: number;
}

function guard<A, P>(decide: (actor: Actor) => A, handler: GuardedHandler<A, P>, options: GuardOptions = {}) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      refuseForeignOrigin(request);
      // The actor is decided before a byte of the body is read: a guest's 8 MB upload is refused unread.
      const actor = decide(await getActor(request.headers));
      const bounded = await boundRequestBody(request, options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES);
      if (bounded instanceof Response) return bounded;
      return await handler(bounded, { ...context, actor });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

function signedIn(actor: Actor): SignedInActor {
  if (!actor) throw new AppError("UNAUTHORIZED", "Sign in first.");
  return actor;
}

function admin(actor: Actor): SignedInActor & { role: "admin" } {
  const user = signedIn(actor);
  if (user.role !== "admin") throw new AppError("FORBIDDEN", "Only admins can do this.");
  return user as SignedInActor & { role: "admin" };
}

/** Any visitor (actor may be null); still maps AppErrors to responses. */
export function withActor<P = Record<string, string>>(handler: GuardedHandler<Actor, P>) {
  return guard((actor) => actor, handler);
}

/** Signed-in users only (401 otherwise). */
export function withUser<P = Record<string, string>>(handler: GuardedHandler<SignedInActor, P>) {
  return guard(signedIn, handler);
}

/** Admins only (401 for guests, 403 for candidates). */
export function withAdmin<P = Record<string, string>>(handler: GuardedHandler<SignedInActor & { role: "admin" }, P>, options?: GuardOptions) {
  return guard(admin, handler, options);
}

async function requestHeaders(headers?: Headers): Promise<Headers> {
  if (headers) return headers;
  const next = await import("next/headers");
  return new Headers(await next.headers());
}

/** Current actor in a server action / component (null for guests). */
export async function currentActor(headers?: Headers): Promise<Actor> {
  return getActor(await requestHeaders(headers));
}

/** For server actions: the signed-in actor, or AppError UNAUTHORIZED. */
export async function requireUser(headers?: Headers): Promise<SignedInActor> {
  return signedIn(await currentActor(headers));
}

/** For server actions: an admin actor, or AppError UNAUTHORIZED / FORBIDDEN. */
export async function requireAdmin(headers?: Headers): Promise<SignedInActor & { role: "admin" }> {
  return admin(await currentActor(headers));
}
