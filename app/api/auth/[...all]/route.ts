/**
 * better-auth's HTTP endpoints (/api/auth/sign-up/email, /sign-in/email, /sign-out, /get-session, ...).
 * The instance is created on the first request, so building the app needs no database or secret.
 */
import { getAuth } from "@/lib/auth/auth";

export const dynamic = "force-dynamic";

const handle = (request: Request) => getAuth().handler(request);

export const GET = handle;
export const POST = handle;
