/**
 * The session itself as an attacker meets it: cookie attributes that keep scripts and other sites away from the
 * token, a token replayed after sign-out, sign-in answers that would tell an attacker which emails have accounts,
 * and the public health endpoint giving away connection strings or paths.
 */
import { getAuth } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/session";
import { disconnectPrisma } from "@/lib/db/client";
import { GET as healthRoute } from "@/app/api/health/route";
import { APP, PASSWORD, authPost, leakedInternals, signUp, uniqueEmail } from "./support";

afterAll(() => disconnectPrisma());

test("the session cookie is HttpOnly, SameSite=Lax, Path=/ and carries no Domain", async () => {
  const response = await authPost("/sign-up/email", { email: uniqueEmail("cookie"), password: PASSWORD, name: "c" });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!;
  const attributes = cookie.split(";").map((part) => part.trim().toLowerCase());
  expect(attributes).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
  expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
});

test("a session token replayed after sign-out is a guest", async () => {
  const account = await signUp();
  expect(await getActor(new Headers({ cookie: account.cookie }))).toEqual({ id: account.id, role: "candidate" });
  const out = await getAuth().handler(new Request(`${APP}/api/auth/sign-out`, { method: "POST", headers: { origin: APP, cookie: account.cookie } }));
  expect(out.status).toBe(200);
  expect(await getActor(new Headers({ cookie: account.cookie }))).toBeNull();
});

test("a tampered session token (valid token, signature of another) is a guest", async () => {
  const [a, b] = await Promise.all([signUp(), signUp()]);
  const tokenOf = (cookie: string) => decodeURIComponent(cookie.split("=")[1]!).split(".");
  const [tokenA] = tokenOf(a.cookie);
  const [, signatureB] = tokenOf(b.cookie);
  const forged = `better-auth.session_token=${encodeURIComponent(`${tokenA}.${signatureB}`)}`;
  expect(await getActor(new Headers({ cookie: forged }))).toBeNull();
});

test("sign-in answers the same for an unknown email and a wrong password (no account enumeration)", async () => {
  const account = await signUp();
  const unknown = await authPost("/sign-in/email", { email: uniqueEmail("nobody"), password: "wrong password!" });
  const wrong = await authPost("/sign-in/email", { email: account.email, password: "wrong password!" });
  expect(unknown.status).toBe(401);
  expect(wrong.status).toBe(401);
  expect(await unknown.json()).toEqual(await wrong.json());
});

test("GET /api/health names no connection string, password, path or stack", async () => {
  const response = await healthRoute(new Request("http://localhost/api/health"), undefined);
  const text = await response.text();
  expect([200, 503]).toContain(response.status);
  expect(leakedInternals(text)).toEqual([]);
  const url = new URL(process.env.DATABASE_URL!);
  expect(text).not.toContain(url.host);
  if (url.password) expect(text).not.toContain(url.password);
  expect(text).not.toContain(process.env.BETTER_AUTH_SECRET ?? "no secret set");
});
