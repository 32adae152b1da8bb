/**
 * The very first start: no admin yet. Runs on its own scratch database (migrated here) so other test files'
 * admins cannot interfere. ensureAdmin creates exactly one admin, prints a generated password only when none was
 * configured, and that password signs in as an admin.
 */
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";

let database: ScratchDatabase;

// This file's module registry (and so its Prisma client and auth instance) only ever sees the scratch database.
beforeAll(async () => {
  database = await useOwnDatabase("clockwise_first_admin");
});

afterAll(async () => {
  const { disconnectPrisma } = await import("@/lib/db/client");
  await disconnectPrisma();
  await database?.drop();
});

test("first start creates one admin with a one-time password that signs in; later starts change nothing", async () => {
  const { ensureAdmin, DEFAULT_ADMIN_EMAIL } = await import("@/lib/auth/ensure-admin");
  const { getAuth } = await import("@/lib/auth/auth");
  const { getActor } = await import("@/lib/auth/session");
  const { prisma } = await import("@/lib/db/client");

  const first = await ensureAdmin({});
  expect(first.created).toBe(true);
  expect(first.email).toBe(DEFAULT_ADMIN_EMAIL);
  expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
  const admins = await prisma.user.findMany({ where: { role: "admin" }, include: { accounts: true, sessions: true } });
  expect(admins).toHaveLength(1);
  expect(admins[0]!.sessions).toHaveLength(0);
  expect(admins[0]!.accounts[0]!.password).not.toContain(first.generatedPassword!);

  const signIn = await getAuth().handler(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": "10.200.0.1" },
      body: JSON.stringify({ email: DEFAULT_ADMIN_EMAIL, password: first.generatedPassword }),
    }),
  );
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!.split(";")[0]!;
  expect(await getActor(new Headers({ cookie }))).toEqual({ id: admins[0]!.id, role: "admin" });

  const second = await ensureAdmin({});
  expect(second).toEqual({ created: false, promoted: false, email: DEFAULT_ADMIN_EMAIL });
  expect(await prisma.user.count({ where: { role: "admin" } })).toBe(1);
});
