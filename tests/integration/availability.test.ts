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

/**
 * A clock the test moves by hand: `now()` only changes on `advance`, and a probe's timeout fires only when the test
 * calls `fireTimeouts()`. So a test states what happens at which point of the gate's time, never how fast.
 */
function manualClock(start = 1_000_000) {
  let t = start;
  const armed: { ms: number; fire: () => void; live: boolean }[] = [];
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    setTimer(fire: () => void, ms: number) {
      const timer = { ms, fire, live: true };
      armed.push(timer);
      return () => {
        timer.live = false;
      };
    },
    /** Timeouts armed and neither disarmed nor fired, as their lengths. */
    pending: () => armed.filter((a) => a.live).map((a) => a.ms),
    fireTimeouts() {
      for (const a of armed.filter((x) => x.live)) {
        a.live = false;
        a.fire();
      }
    },
  };
}

/** A gate over `client` that counts the probe queries it sends, on a manual clock. */
function countingGate(client: Database, clock = manualClock()) {
  let queries = 0;
  const gate = createDatabaseAvailability({
    probe: () => {
      queries++;
      return client.$queryRaw`SELECT 1`;
    },
    now: clock.now,
    setTimer: (fire, ms) => clock.setTimer(fire, ms),
  });
  return { gate, queries: () => queries, clock };
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
    const { gate, queries, clock } = countingGate(client(urlThrough(await freePort())));
    // The probe's timeout never fires here (the manual clock fires nothing by itself): only the error can answer.
    await expect(gate.available()).resolves.toBe(false);
    expect(queries()).toBe(1);
    expect(clock.pending()).toEqual([]); // the answer disarmed the timeout
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
      const { gate, queries, clock } = countingGate(client(urlThrough(port)));
      let answer: boolean | undefined;
      const first = gate.available().then((up) => (answer = up));
      await sleep(200); // the query is on its way and stays unanswered
      expect(answer).toBeUndefined();
      expect(clock.pending()).toEqual([FIRST_PROBE_TIMEOUT_MS]); // bounded by the first probe's (longer) limit
      clock.fireTimeouts();
      await expect(first).resolves.toBe(false);
      // The hung query still holds its pool connection: later calls answer from the cache and send no second query.
      clock.advance(PROBE_INTERVAL_MS + 100);
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
    const { gate, queries, clock } = countingGate(client(urlThrough(port)));
    await expect(gate.available()).resolves.toBe(true);
    link.hang();
    // Within the interval the cached "up" is served without a probe.
    clock.advance(PROBE_INTERVAL_MS - 1);
    await expect(gate.available()).resolves.toBe(true);
    expect(queries()).toBe(1);
    // Past it, a probe meets the hung database: the caller waits for that probe and for nothing longer than its timeout.
    clock.advance(1);
    let answer: boolean | undefined;
    const waiting = gate.available().then((up) => (answer = up));
    await sleep(200);
    expect(answer).toBeUndefined();
    expect(queries()).toBe(2);
    expect(clock.pending()).toEqual([PROBE_TIMEOUT_MS]);
    clock.fireTimeouts();
    await expect(waiting).resolves.toBe(false);
    // The hung query holds its pool connection: no second probe piles up beside it, and calls answer from the cache.
    clock.advance(PROBE_INTERVAL_MS + 200);
    await expect(gate.available()).resolves.toBe(false);
    expect(clock.pending()).toEqual([]);
    expect(queries()).toBe(2);
    await link.cut();
  });

  test("after a quiet spell the first call gets a fresh answer, not the one from before the outage or the recovery", async () => {
    const port = await freePort();
    const link = relay(port);
    await link.open();
    const { gate, queries, clock } = countingGate(client(urlThrough(port)));
    await expect(gate.available()).resolves.toBe(true);
    await link.cut();
    clock.advance(PROBE_INTERVAL_MS + 200); // nobody asks while the database goes away
    await expect(gate.available()).resolves.toBe(false);
    await link.open();
    clock.advance(PROBE_INTERVAL_MS + 200); // nobody asks while it comes back
    await expect(gate.available()).resolves.toBe(true);
    expect(queries()).toBe(3);
    await link.cut();
  });

  test("cut and restored: the gate closes at the first probe after the cut and opens at the first probe after the return", async () => {
    const port = await freePort();
    const link = relay(port);
    await link.open();
    const { gate, queries, clock } = countingGate(client(urlThrough(port)));
    await expect(gate.available()).resolves.toBe(true);

    await link.cut();
    clock.advance(PROBE_INTERVAL_MS); // the detection window: one interval, then the probe's own answer
    await expect(gate.available()).resolves.toBe(false);
    expect(clock.pending()).toEqual([]); // refused at once: no timeout was needed
    expect(queries()).toBe(2);

    for (let i = 0; i < 3; i++) {
      clock.advance(PROBE_INTERVAL_MS); // several probes while down, all refused
      await expect(gate.available()).resolves.toBe(false);
    }
    expect(queries()).toBe(5);

    await link.open();
    clock.advance(PROBE_INTERVAL_MS - 1);
    await expect(gate.available()).resolves.toBe(false); // still the cached answer
    clock.advance(1);
    await expect(gate.available()).resolves.toBe(true);
    expect(queries()).toBe(6);
    await link.cut();
  });

  test("single flight: 50 concurrent first callers share one probe query", async () => {
    const { gate, queries } = countingGate(client(process.env.DATABASE_URL!));
    const answers = await Promise.all(Array.from({ length: 50 }, () => gate.available()));
    expect(answers).toEqual(Array(50).fill(true));
    expect(queries()).toBe(1);
  });

  test("cached: 1,000 calls within an interval send no probe, and a probe runs once per interval", async () => {
    const { gate, queries, clock } = countingGate(client(process.env.DATABASE_URL!));
    await gate.available();
    for (let i = 0; i < 1000; i++) await gate.available();
    expect(queries()).toBe(1);

    // Called every 20 ms for 2.5 s of the gate's time: one probe per interval, never one per call.
    for (let elapsed = 20; elapsed <= 2500; elapsed += 20) {
      clock.advance(20);
      await expect(gate.available()).resolves.toBe(true);
    }
    expect(queries()).toBe(1 + Math.floor(2500 / PROBE_INTERVAL_MS));
  });

  test("a page query that failed because the database is unreachable closes the gate at once; other errors do not", async () => {
    const { gate, queries, clock } = countingGate(client(process.env.DATABASE_URL!));
    await expect(gate.available()).resolves.toBe(true);
    gate.noteError(new Error("Unique constraint failed on the fields: (`slug`)"));
    await expect(gate.available()).resolves.toBe(true);
    gate.noteError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5433"), { code: "ECONNREFUSED" }));
    await expect(gate.available()).resolves.toBe(false);
    expect(queries()).toBe(1);
    // The next probe (the database is in fact up) opens it again, not before the interval.
    clock.advance(PROBE_INTERVAL_MS - 1);
    await expect(gate.available()).resolves.toBe(false);
    expect(queries()).toBe(1);
    clock.advance(1);
    await expect(gate.available()).resolves.toBe(true);
    expect(queries()).toBe(2);
  });

  test("noteDatabaseError reaches the process-wide gate that databaseAvailable reads", async () => {
    await expect(databaseAvailable()).resolves.toBe(true);
    noteDatabaseError(Object.assign(new Error("Connection terminated unexpectedly"), {}));
    // Closed at once; when it opens again after an interval is the gate's own rule (tested above on a manual clock).
    await expect(databaseAvailable()).resolves.toBe(false);
    await untilAnswer({ available: databaseAvailable }, true, 30_000);
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
    await untilAnswer({ available: databaseAvailable }, true, 30_000);
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
