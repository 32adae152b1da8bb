/**
 * Sign-up, sign-in and sign-out through better-auth's real HTTP handler (the one /api/auth/* serves) against the
 * real database: the role cannot be chosen at sign-up, sessions resolve to an Actor, and sign-in is rate limited.
 */
import { randomUUID } from "node:crypto";
import { getAuth } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/session";
import { ensureAdmin } from "@/lib/auth/ensure-admin";
import { prisma, disconnectPrisma } from "@/lib/db/client";

const BASE = "http://localhost:3000/api/auth";
const PASSWORD = "correct horse battery";

/** A distinct client address per test keeps better-auth's per-IP counters independent. */
function clientIp(): string {
  const n = Math.floor(Math.random() * 250) + 1;
  const m = Math.floor(Math.random() * 250) + 1;
  return `10.${n}.${m}.${Math.floor(Math.random() * 250) + 1}`;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return getAuth().handler(
    new Request(`${BASE}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", ...headers },
      body: JSON.stringify(body),
    }),
  );
}

function sessionCookie(response: Response): string {
  const cookies = response.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith("better-auth.session_token="));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return session.split(";")[0]!;
}

const email = () => `user-${randomUUID()}@example.test`;

afterAll(async () => {
  await disconnectPrisma();
});

describe("email + password accounts", () => {
  test("sign-up creates a candidate, stores a slow hash (never the password), and signs the user in", async () => {
    const address = email();
    const response = await post("/sign-up/email", { email: address, password: PASSWORD, name: "Ada" }, { "x-forwarded-for": clientIp() });
    expect(response.status).toBe(200);
    const actor = await getActor(new Headers({ cookie: sessionCookie(response) }));
    const user = await prisma.user.findUniqueOrThrow({ where: { email: address }, include: { accounts: true } });
    expect(actor).toEqual({ id: user.id, role: "candidate" });
    expect(user.accounts).toHaveLength(1);
    const hash = user.accounts[0]!.password!;
    expect(hash).not.toContain(PASSWORD);
    expect(hash.length).toBeGreaterThan(60);
  });

  test("a sign-up body that asks for role admin still creates a candidate (no mass assignment)", async () => {
    const address = email();
    const response = await post(
      "/sign-up/email",
      { email: address, password: PASSWORD, name: "Mallory", role: "admin" },
      { "x-forwarded-for": clientIp() },
    );
    expect(response.status).toBe(200);
    expect((await response.json()).user.role).toBe("candidate");
    expect((await prisma.user.findUniqueOrThrow({ where: { email: address } })).role).toBe("candidate");

    // The server-side API ignores it too.
    const viaApi = await getAuth().api.signUpEmail({ body: { email: email(), password: PASSWORD, name: "Eve", role: "admin" } as never });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: viaApi.user.id } })).role).toBe("candidate");
  });

  test("sign-in with the right password gives a session; sign-out ends it", async () => {
    const address = email();
    const ip = clientIp();
    expect((await post("/sign-up/email", { email: address, password: PASSWORD, name: "Bob" }, { "x-forwarded-for": ip })).status).toBe(200);

    const wrong = await post("/sign-in/email", { email: address, password: "not the password" }, { "x-forwarded-for": ip });
    expect(wrong.status).toBe(401);

    const signIn = await post("/sign-in/email", { email: address, password: PASSWORD }, { "x-forwarded-for": ip });
    expect(signIn.status).toBe(200);
    const cookie = sessionCookie(signIn);
    const actor = await getActor(new Headers({ cookie }));
    expect(actor?.role).toBe("candidate");

    const signOut = await post("/sign-out", {}, { cookie, "x-forwarded-for": ip });
    expect(signOut.status).toBe(200);
    expect(await getActor(new Headers({ cookie }))).toBeNull();
  });

  test("no cookie, or a forged one, is a guest", async () => {
    expect(await getActor(new Headers())).toBeNull();
    expect(await getActor(new Headers({ cookie: "better-auth.session_token=forged.value" }))).toBeNull();
  });
});

describe("sign-in rate limits", () => {
  test("the sixth sign-in attempt from one IP within a minute gets 429", async () => {
    const ip = clientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await post("/sign-in/email", { email: email(), password: "whatever-password" }, { "x-forwarded-for": ip });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses[5]).toBe(429);
    // Another address is not affected.
    const other = await post("/sign-in/email", { email: email(), password: "whatever-password" }, { "x-forwarded-for": clientIp() });
    expect(other.status).toBe(401);
  });

  test("one account cannot be hammered by rotating X-Forwarded-For", async () => {
    const target = email();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await post("/sign-in/email", { email: target, password: `guess-${i}-password` }, { "x-forwarded-for": clientIp() });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe("ensureAdmin on a database that has admins already", () => {
  test("ADMIN_EMAIL naming an existing candidate never promotes it (someone else may have registered it)", async () => {
    const address = email();
    expect((await post("/sign-up/email", { email: address, password: PASSWORD, name: "Carol" }, { "x-forwarded-for": clientIp() })).status).toBe(200);
    const result = await ensureAdmin({ email: address });
    // Created at another address when no admin existed yet in this database, nothing otherwise: never promoted.
    expect(result).toMatchObject({ promoted: false, refused: address });
    expect(result.email).not.toBe(address);
    expect((await prisma.user.findUniqueOrThrow({ where: { email: address } })).role).toBe("candidate");
    expect(await ensureAdmin({ email: address })).toMatchObject({ created: false, promoted: false, refused: address });
    expect((await prisma.user.findUniqueOrThrow({ where: { email: address } })).role).toBe("candidate");
  });
});

describe("route guards", () => {
  // Imported lazily: guards pull in the session module (better-auth) like the routes do.
  const signedInCookie = async (role: "candidate" | "admin") => {
    const address = email();
    const response = await post("/sign-up/email", { email: address, password: PASSWORD, name: role }, { "x-forwarded-for": clientIp() });
    if (role === "admin") await prisma.user.update({ where: { email: address }, data: { role: "admin" } });
    return sessionCookie(response);
  };
  const call = async (handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, cookie?: string) => {
    const response = await handler(new Request("http://localhost:3000/api/x", { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({}) });
    return { status: response.status, body: await response.json() };
  };

  test("withUser / withAdmin answer 401 and 403 themselves and pass the actor through", async () => {
    const { withUser, withAdmin } = await import("@/lib/auth/guards");
    const echo = async (_r: Request, { actor }: { actor: { role: string } }) => Response.json({ role: actor.role });
    const userOnly = withUser(echo);
    const adminOnly = withAdmin(echo);
    const candidate = await signedInCookie("candidate");
    const admin = await signedInCookie("admin");

    expect(await call(userOnly)).toEqual({ status: 401, body: { error: "UNAUTHORIZED", message: "Sign in first." } });
    expect(await call(userOnly, candidate)).toEqual({ status: 200, body: { role: "candidate" } });
    expect((await call(adminOnly, candidate)).status).toBe(403);
    expect(await call(adminOnly, admin)).toEqual({ status: 200, body: { role: "admin" } });
  });

  test("AppErrors become their status; anything else a bare 500 without internals", async () => {
    const { withActor } = await import("@/lib/auth/guards");
    const { AppError } = await import("@/lib/errors");
    const notFound = withActor(async () => {
      throw new AppError("NOT_FOUND", "No such submission.");
    });
    const crash = withActor(async () => {
      throw new Error('relation "Secret" does not exist at /srv/app/lib/db/x.ts');
    });
    expect(await call(notFound)).toEqual({ status: 404, body: { error: "NOT_FOUND", message: "No such submission." } });
    const spy = jest.spyOn(console, "error").mockImplementation(() => {});
    const crashed = await call(crash);
    spy.mockRestore();
    expect(crashed.status).toBe(500);
    expect(JSON.stringify(crashed.body)).not.toMatch(/Secret|\/srv|\.ts/);
  });
});

describe("origin checks", () => {
  test("a local app trusts its loopback aliases on the same port, nothing else", async () => {
    const { trustedOrigins } = await import("@/lib/auth/auth");
    expect(trustedOrigins("http://localhost:3000")).toEqual(["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]);
    expect(trustedOrigins("https://cw.example.com")).toEqual(["https://cw.example.com"]);
  });

  test("a sign-up posted from a foreign origin is refused", async () => {
    const response = await post(
      "/sign-up/email",
      { email: email(), password: PASSWORD, name: "Csrf" },
      { origin: "https://evil.example", "x-forwarded-for": clientIp() },
    );
    expect(response.status).toBe(403);
  });
});
