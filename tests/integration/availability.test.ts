/**
 * The page gate's database probe (lib/db/availability.ts) against the real test PostgreSQL: up, refused, cut and
 * back (a TCP relay in front of the real server that we close and reopen), hung (a port that accepts and never
 * answers); single-flight and cache; and the 503 page in both languages.
 */
import net from "node:net";
import { createPrismaClient, type Database } from "@/lib/db/client";
import { randomUUID } from "node:crypto";
import { getAuth } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/session";
import { rateQuestion } from "@/lib/use-cases/review/rate-question";
import { AppError } from "@/lib/errors";
import {
  createDatabaseAvailability,
  databaseAvailable,
  FIRST_PROBE_TIMEOUT_MS,
  noteDatabaseError,
  PROBE_INTERVAL_MS,
  PROBE_TIMEOUT_MS,
} from "@/lib/db/availability";
import { databaseUnavailablePage } from "@/lib/web/unavailable-page";
import { actionError } from "@/lib/web/action-result";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/db/unavailable";
import { disconnectPrisma } from "@/lib/db/client";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function databaseAddress(): { host: string; port: number } {
  const url = new URL(process.env.DATABASE_URL!);
  return { host: url.hostname, port: Number(url.port || 5432) };
}

/** The test database's URL with host and port replaced (same credentials and database name). */
function urlThrough(port: number): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return url.toString();
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * A TCP relay to the real PostgreSQL that can be cut (listener closed, every connection destroyed), reopened, or
 * hung (connections stay open, nothing is passed on: a frozen server or a network that drops packets).
 */
function relay(port: number) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let hung = false;
  return {
    async open() {
      hung = false;
      server = net.createServer((client) => {
        const upstream = net.connect(databaseAddress());
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => {});
        }
        client.on("data", (bytes) => hung || upstream.write(bytes));
        upstream.on("data", (bytes) => hung || client.write(bytes));
      });
      await new Promise<void>((r) => server!.listen(port, "127.0.0.1", r));
    },
    hang() {
      hung = true;
    },
    async cut() {
      const closing = server;
      server = null;
      for (const s of sockets) s.destroy();
      if (closing) await new Promise<void>((r) => closing.close(() => r()));
    },
  };
}

/** A gate over `client` that counts the probe queries it sends. */
function countingGate(client: Database) {
  let queries = 0;
  const gate = createDatabaseAvailability({
    probe: () => {
      queries++;
      return client.$queryRaw`SELECT 1`;
    },
  });
  return { gate, queries: () => queries };
}

async function untilAnswer(gate: { available: () => Promise<boolean> }, wanted: boolean, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if ((await gate.available()) === wanted) return Date.now() - started;
    await sleep(20);
  }
  throw new Error(`gate did not answer ${wanted} within ${limitMs} ms`);
}

const clients: Database[] = [];
function client(url: string): Database {
  const c = createPrismaClient(url);
  clients.push(c);
  return c;
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect().catch(() => {})));
  await disconnectPrisma();
});

describe("database availability probe", () => {
  test("the app's own gate answers true against the running test database", async () => {
    await expect(databaseAvailable()).resolves.toBe(true);
  });

  test("a refused connection answers false from the error itself, not by waiting for a timeout", async () => {
    const refused = client(urlThrough(await freePort()));
    let queries = 0;
    const gate = createDatabaseAvailability({ probe: () => (queries++, refused.$queryRaw`SELECT 1`), firstTimeoutMs: 30_000, timeoutMs: 30_000 });
    const started = Date.now();
    await expect(gate.available()).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(3000); // loaded 2-core machine; refused is ~25 ms once Prisma is warm
    expect(queries).toBe(1);
  });

  test("a database that never answers from the start: 'down' after the first probe's limit (which covers Prisma's cold start)", async () => {
    const held = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      held.add(socket);
      socket.on("error", () => {});
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const { gate, queries } = countingGate(client(urlThrough(port)));
      const started = Date.now();
      await expect(gate.available()).resolves.toBe(false);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(FIRST_PROBE_TIMEOUT_MS - 20);
      expect(elapsed).toBeLessThan(FIRST_PROBE_TIMEOUT_MS + 300);
      // The hung query still holds its pool connection: later calls answer from the cache and send no second query.
      await sleep(PROBE_INTERVAL_MS + 100);
      await expect(gate.available()).resolves.toBe(false);
      expect(queries()).toBe(1);
    } finally {
      // Let the hung query fail so the client can be disconnected.
      for (const s of held) s.destroy();
      silent.close();
    }
  });

  test("a database that hangs while in use: no call waits longer than the probe timeout, and the gate closes", async () => {
    const port = await freePort();
    const link = relay(port);
    await link.open();
    const { gate, queries } = countingGate(client(urlThrough(port)));
    await expect(gate.available()).resolves.toBe(true);
    link.hang();
    const hungAt = Date.now();
    let slowest = 0;
    let closedAfter = NaN;
    while (Date.now() - hungAt < 4000) {
      const started = Date.now();
      const up = await gate.available();
      slowest = Math.max(slowest, Date.now() - started);
      if (!up) {
        closedAfter = Date.now() - hungAt;
        break;
      }
      await sleep(20);
    }
    expect(closedAfter).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS);
    expect(closedAfter).toBeLessThan(PROBE_INTERVAL_MS + PROBE_TIMEOUT_MS + 200);
    expect(slowest).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS - 20); // the caller that met the hung probe
    expect(slowest).toBeLessThan(PROBE_TIMEOUT_MS + 200);
    // The hung query holds its pool connection: no second probe piles up beside it, and calls answer at once.
    await sleep(PROBE_INTERVAL_MS + 200);
    const started = Date.now();
    await expect(gate.available()).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(50);
    expect(queries()).toBe(2);
    await link.cut();
  });

  test("after a quiet spell the first call gets a fresh answer, not the one from before the outage or the recovery", async () => {
    const port = await freePort();
    const link = relay(port);
    await link.open();
    const { gate, queries } = countingGate(client(urlThrough(port)));
    await expect(gate.available()).resolves.toBe(true);
    await link.cut();
    await sleep(PROBE_INTERVAL_MS + 200); // nobody asks while the database goes away
    await expect(gate.available()).resolves.toBe(false);
    await link.open();
    await sleep(PROBE_INTERVAL_MS + 200); // nobody asks while it comes back
    await expect(gate.available()).resolves.toBe(true);
    expect(queries()).toBe(3);
    await link.cut();
  });

  test("cut and restored: the gate closes by itself within the detection window and opens within ~1 s of the database coming back", async () => {
    const port = await freePort();
    const link = relay(port);
    await link.open();
    const { gate } = countingGate(client(urlThrough(port)));
    await expect(gate.available()).resolves.toBe(true);

    await link.cut();
    const closedAfter = await untilAnswer(gate, false, 5000);
    expect(closedAfter).toBeLessThan(PROBE_INTERVAL_MS + PROBE_TIMEOUT_MS);

    await sleep(1500); // several probes while down, all refused
    await expect(gate.available()).resolves.toBe(false);

    await link.open();
    const reopenedAfter = await untilAnswer(gate, true, 5000);
    expect(reopenedAfter).toBeLessThanOrEqual(PROBE_INTERVAL_MS + 200);
    await link.cut();
  });

  test("single flight: 50 concurrent first callers share one probe query", async () => {
    const { gate, queries } = countingGate(client(process.env.DATABASE_URL!));
    const answers = await Promise.all(Array.from({ length: 50 }, () => gate.available()));
    expect(answers).toEqual(Array(50).fill(true));
    expect(queries()).toBe(1);
  });

  test("cached: 1,000 calls in under a second send at most one more probe, and a probe runs about once a second", async () => {
    const { gate, queries } = countingGate(client(process.env.DATABASE_URL!));
    await gate.available();
    const started = Date.now();
    for (let i = 0; i < 1000; i++) await gate.available();
    expect(Date.now() - started).toBeLessThan(PROBE_INTERVAL_MS);
    expect(queries()).toBeLessThanOrEqual(2);

    // Called every 20 ms for 2.5 s: about one probe per second, never one per call.
    const before = queries();
    const loopStart = Date.now();
    while (Date.now() - loopStart < 2500) {
      await gate.available();
      await sleep(20);
    }
    expect(queries() - before).toBeGreaterThanOrEqual(2);
    expect(queries() - before).toBeLessThanOrEqual(3);
  });

  test("a page query that failed because the database is unreachable closes the gate at once; other errors do not", async () => {
    const { gate, queries } = countingGate(client(process.env.DATABASE_URL!));
    await expect(gate.available()).resolves.toBe(true);
    gate.noteError(new Error("Unique constraint failed on the fields: (`slug`)"));
    await expect(gate.available()).resolves.toBe(true);
    gate.noteError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5433"), { code: "ECONNREFUSED" }));
    await expect(gate.available()).resolves.toBe(false);
    expect(queries()).toBe(1);
    // The next probe (the database is in fact up) opens it again, not before the interval.
    expect(await untilAnswer(gate, true, PROBE_INTERVAL_MS + 500)).toBeGreaterThanOrEqual(PROBE_INTERVAL_MS - 50);
  });

  test("noteDatabaseError reaches the process-wide gate that databaseAvailable reads", async () => {
    await expect(databaseAvailable()).resolves.toBe(true);
    noteDatabaseError(Object.assign(new Error("Connection terminated unexpectedly"), {}));
    const started = Date.now();
    await expect(databaseAvailable()).resolves.toBe(false);
    // Closed until a probe started after the failure answers (even if an older probe was still running).
    while (!(await databaseAvailable())) {
      if (Date.now() - started > PROBE_INTERVAL_MS + 1000) throw new Error("gate stayed closed");
      await sleep(20);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(PROBE_INTERVAL_MS - 50);
  });
});

describe("server actions while the database is unreachable", () => {
  /** Runs `work` with the app's Prisma client pointed at a closed port (a stopped PostgreSQL). */
  async function withDatabaseDown<T>(work: () => Promise<T>): Promise<T> {
    const real = process.env.DATABASE_URL!;
    await disconnectPrisma();
    process.env.DATABASE_URL = urlThrough(await freePort());
    try {
      return await work();
    } finally {
      await disconnectPrisma();
      process.env.DATABASE_URL = real;
    }
  }

  test("a signed-in user's session lookup throws a recognisable outage error instead of reading as 'signed out'", async () => {
    const response = await getAuth().handler(
      new Request("http://localhost:3000/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": "10.9.8.7" },
        body: JSON.stringify({ email: `outage-${randomUUID()}@example.test`, password: "correct horse battery", name: "Outage" }),
      }),
    );
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!.split(";")[0]!;
    const actor = await getActor(new Headers({ cookie }));
    expect(actor).toEqual({ id: expect.any(String), role: "candidate" });

    const outcome = await withDatabaseDown(() => getActor(new Headers({ cookie })).then((a) => ({ actor: a }), (error: unknown) => ({ error })));
    expect(outcome).toHaveProperty("error");
    const answer = actionError((outcome as { error: unknown }).error, { locale: "zh" });
    expect(answer).toEqual({ ok: false, error: "UNAVAILABLE", message: "服务暂时不可用：数据库暂时无法连接。请几秒钟后重试。", retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });

    // A write through the data layer (recall rating) fails the same recognisable way.
    const rating = await withDatabaseDown(() => rateQuestion({ actor: actor!, questionSlug: "any-question", rating: "good" }).then(() => null, (error: unknown) => error));
    expect(actionError(rating, { locale: "en" })).toEqual({
      ok: false,
      error: "UNAVAILABLE",
      message: "Temporarily unavailable: the database cannot be reached right now. Please try again in a few seconds.",
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    });
  });

  test("the answer closes the page gate; errors that are not an outage are left to the action's own handling", async () => {
    await untilAnswer({ available: databaseAvailable }, true, PROBE_INTERVAL_MS + 1000);
    expect(actionError(new AppError("NOT_FOUND", "question not found"), { locale: "en" })).toEqual({ ok: false, error: "NOT_FOUND", message: "question not found" });
    expect(actionError(new TypeError("x is undefined"), { locale: "en" })).toEqual({ ok: false, error: "INTERNAL", message: "Something went wrong on our side." });
    await expect(databaseAvailable()).resolves.toBe(true);
    expect(actionError(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }), { locale: "en" })).toMatchObject({ error: "UNAVAILABLE" });
    await expect(databaseAvailable()).resolves.toBe(false);
  });
});

describe("the 503 page", () => {
  test.each([
    { name: "Chinese browser", acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8", cookie: undefined, lang: "zh-CN", title: "服务暂时不可用", retry: "重试" },
    { name: "English browser", acceptLanguage: "en-US,en;q=0.9", cookie: undefined, lang: "en", title: "Temporarily unavailable", retry: "Try again" },
    { name: "English preferred over Chinese by weight", acceptLanguage: "zh;q=0.3,en;q=0.9", cookie: undefined, lang: "en", title: "Temporarily unavailable", retry: "Try again" },
    { name: "language switch cookie wins over the browser", acceptLanguage: "zh-CN", cookie: "en", lang: "en", title: "Temporarily unavailable", retry: "Try again" },
    { name: "no preference: the product's default (Chinese)", acceptLanguage: null, cookie: undefined, lang: "zh-CN", title: "服务暂时不可用", retry: "重试" },
  ])("$name", ({ acceptLanguage, cookie, lang, title, retry }) => {
    const html = databaseUnavailablePage(acceptLanguage, cookie);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`<a href="">${retry}</a>`);
    expect(html).toContain(`<meta http-equiv="refresh" content="${DATABASE_RETRY_AFTER_SECONDS}">`);
    expect(html).toContain("prefers-color-scheme: dark");
    expect(html).not.toMatch(/<script|javascript:|\bsrc=|<link|@import|url\(/i);
    expect(html).not.toMatch(/postgres|SELECT|ECONN|\/work\/|\bat .*\.ts/i);
    expect(Buffer.byteLength(html)).toBeLessThan(3000);
  });

  test("the other language's text is absent", () => {
    expect(databaseUnavailablePage("en")).not.toContain("服务");
    expect(databaseUnavailablePage("zh")).not.toContain("unavailable");
  });
});
