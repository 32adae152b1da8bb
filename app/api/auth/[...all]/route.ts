/**
 * better-auth's HTTP endpoints (/api/auth/sign-up/email, /sign-in/email, /sign-out, /get-session, ...).
 * The instance is created on the first request, so building the app needs no database or secret.
 */
import { getAuth } from "@/lib/auth/auth";
import { boundRequestBody } from "@/lib/auth/bounded-body";

export const dynamic = "force-dynamic";

/** Sign-in/up bodies are a few hundred bytes; profile fields are capped far below this (lib/auth/profile-limits.ts). */
const MAX_AUTH_BODY_BYTES = 64 * 1024;

/**
 * The body is read with a cap (413 past it), and a JSON body that does not parse is the client's mistake:
 * better-auth answers it with a bare 500, so it is refused here with a 400 first (no internals either way).
 */
async function handle(incoming: Request): Promise<Response> {
  const request = await boundRequestBody(incoming, MAX_AUTH_BODY_BYTES);
  if (request instanceof Response) return request;
  if (request.method === "POST" && /\bjson\b/i.test(request.headers.get("content-type") ?? "")) {
    const text = await request.clone().text();
    if (text.trim() !== "") {
      try {
        JSON.parse(text);
      } catch {
        return Response.json({ code: "INVALID_JSON", message: "The request body must be JSON." }, { status: 400 });
      }
    }
  }
  return getAuth().handler(request);
}

export const GET = handle;
export const POST = handle;
