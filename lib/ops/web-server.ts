/**
 * The production web server `npm start` runs (instead of `next start`): `node --import tsx lib/ops/web-server.ts`,
 * with PORT, DATABASE_URL and BETTER_AUTH_SECRET in the environment (lib/ops/start.ts sets them). Why a custom
 * server at all: docs/adr/1102-edge-server.md.
 *
 * This process is the node:cluster primary. It starts CLOCKWISE_WEB_PROCESSES workers that share PORT, restarts
 * one that dies (and gives up, exiting 1, when they keep dying right after start), and on SIGTERM/SIGINT stops
 * them all and exits once they are gone. Each worker serves the production build in .next through Next's
 * request handler, and before Next sees a request it
 *   1. rewrites the client-address headers (lib/auth/client-address.ts): X-Forwarded-For becomes the one address
 *      the app may trust, X-Real-IP is dropped, so a forged header cannot pick a rate-limit bucket;
 *   2. answers page requests (lib/ops/page-requests.ts) with a 503 + Retry-After page while PostgreSQL is
 *      unreachable (lib/db/availability.ts: a cached gate over its own probe connection),
 *      instead of a 500 or a streamed 200 with an error inside;
 *   3. refuses server-action bodies over their limit by Content-Length before Next buffers and decodes them
 *      (64 KB for guests, 1 MB for signed-in browsers), adds the security headers and Secure cookies, and holds
 *      timeouts and a per-client connection cap (lib/ops/edge-policy.ts, docs/adr/0903-edge-hardening.md).
 *
 * @example
 *   PORT=3000 DATABASE_URL=postgres://… BETTER_AUTH_SECRET=… CLOCKWISE_WEB_PROCESSES=2 \
 *     node --import tsx lib/ops/web-server.ts
 */
import cluster, { type Worker } from "node:cluster";
import http from "node:http";
import path from "node:path";
import { EnvError, type Env } from "@/lib/config/env";
import { loadConfig } from "@/lib/config/config";
import { applyClientAddressPolicy } from "@/lib/auth/client-address";
import { isDatabaseBackedPage } from "./page-requests";
import {
  ConnectionCounter,
  EDGE_TIMEOUTS,
  MAX_CONNECTIONS_PER_CLIENT,
  NOT_FOUND_PAGE,
  actionBodyLimit,
  actionBodyProblem,
  hardenResponse,
  isAdminPath,
  requestIsHttps,
  signedSessionToken,
} from "./edge-policy";
import { createAdminGate } from "./admin-gate";

const root = path.resolve(__dirname, "../..");
const log = (msg: string) => process.stderr.write(`[clockwise] web${cluster.isPrimary ? "" : ` ${process.pid}`}: ${msg}\n`);

/** A worker that exits this soon after it was started counts towards a crash loop. */
const EARLY_EXIT_MS = 15_000;
/** Consecutive early exits after which the primary stops restarting and exits (start.ts then stops everything). */
const MAX_EARLY_EXITS = 5;
/** How long a stopping worker lets requests in flight finish before it closes their connections. */
const WORKER_DRAIN_MS = 4_000;
/** How long the primary waits for its workers on shutdown before SIGKILL (start.ts waits longer for us). */
const WORKER_STOP_MS = 8_000;

/** One cookie's value from a Cookie header (the 503 page is written without Next, so without its cookie parsing). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function readEnv(): Env {
  try {
    // The whole configuration, validated once at start (lib/config); this file uses its start-up section.
    return loadConfig().app;
  } catch (err) {
    if (err instanceof EnvError) {
      log(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/**
 * Per-process database pool when the operator did not choose one: N processes × 10 connections would exceed
 * PostgreSQL's default max_connections (100) from 9 processes on, so larger clusters get smaller pools.
 */
function poolSizePerProcess(processes: number): number {
  return Math.max(4, Math.min(10, Math.floor(80 / processes)));
}

function runPrimary(env: Env): void {
  const processes = env.CLOCKWISE_WEB_PROCESSES;
  const workerEnv: Record<string, string> = {};
  if (!loadConfig().database.poolSizeSet) workerEnv.CLOCKWISE_DB_POOL_SIZE = String(poolSizePerProcess(processes));
  const startedAt = new Map<Worker, number>();
  let earlyExits = 0;
  let listening = 0;
  let stopping = false;

  const fork = () => {
    const worker = cluster.fork(workerEnv);
    startedAt.set(worker, Date.now());
    worker.on("message", (message: unknown) => {
      if (message !== "listening") return;
      listening += 1;
      if (listening === processes) log(`${processes} process${processes === 1 ? "" : "es"} serving on :${env.PORT}`);
      else if (listening > processes) log(`process ${worker.process.pid} serving (replacement)`);
    });
  };

  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) return;
    log(`process ${worker.process.pid} exited (${code ?? signal}) after ${(lived / 1000).toFixed(1)} s; starting another`);
    earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0;
    if (earlyExits >= MAX_EARLY_EXITS) {
      log(`${earlyExits} processes in a row died within ${EARLY_EXIT_MS / 1000} s of starting; giving up`);
      void stop(1);
      return;
    }
    fork();
  });

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    for (const worker of workers) worker.process.kill("SIGTERM");
    const deadline = Date.now() + WORKER_STOP_MS;
    while (workers.some((w) => !w.isDead()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const worker of workers) if (!worker.isDead()) worker.process.kill("SIGKILL");
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  for (let i = 0; i < processes; i++) fork();
}

async function runWorker(env: Env): Promise<void> {
  // What `next start` does before it loads Next (next/dist/bin/next, start-server.ts).
  (process.env as Record<string, string | undefined>).NODE_ENV ||= "production";
  process.env.NEXT_RUNTIME = "nodejs";
  process.env.__NEXT_PRIVATE_ORIGIN ??= `http://localhost:${env.PORT}`;
  // The database section of this process's configuration (Next's bundle reads it from the same globalThis slot).
  const { configureDatabase } = await import("@/lib/db/database-config");
  configureDatabase({ url: env.DATABASE_URL, poolSize: env.CLOCKWISE_DB_POOL_SIZE });
  const { default: next } = await import("next");
  const { databaseAvailable } = await import("@/lib/db/availability");
  const { databaseUnavailablePage } = await import("@/lib/web/unavailable-page");
  const { DATABASE_RETRY_AFTER_SECONDS } = await import("@/lib/db/unavailable");
  const { LOCALE_COOKIE } = await import("@/lib/i18n/locale");
  // Guests' list and question pages from memory until the bank changes (lib/web/guest-page-cache.ts, ADR 1105).
  const { guestPageCache } = await import("@/lib/web/guest-page-cache");
  const guestPages = guestPageCache(env.DATABASE_URL, loadConfig().pageCache.enabled);

  const app = next({ dev: false, dir: root, hostname: "localhost", port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  let databaseDown = false;

  const answerUnavailable = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = databaseUnavailablePage(req.headers["accept-language"] ?? null, cookieValue(req.headers.cookie, LOCALE_COOKIE));
    res.writeHead(503, {
      "content-type": "text/html; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      "retry-after": String(DATABASE_RETRY_AFTER_SECONDS),
      "cache-control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };

  const refuseBody = (res: http.ServerResponse, status: 411 | 413, limit: number) => {
    const body = JSON.stringify({
      error: status === 413 ? "PAYLOAD_TOO_LARGE" : "LENGTH_REQUIRED",
      message: status === 413 ? `The request body must be at most ${Math.floor(limit / 1024)} KB.` : "Content-Length is required.",
    });
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" });
    res.end(body);
  };

  const adminGate = env.DATABASE_URL ? createAdminGate(env.DATABASE_URL) : null;
  const answerNotFound = (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(404, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(NOT_FOUND_PAGE), "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : NOT_FOUND_PAGE);
  };
  /** Admin pages, their RSC fetches and their actions reach Next only for an admin's session. */
  const isAdminRequest = async (req: http.IncomingMessage): Promise<boolean> => {
    const token = signedSessionToken(req.headers, env.BETTER_AUTH_SECRET);
    if (!token || !adminGate) return false;
    return adminGate.isAdminSession(token);
  };

  const serve = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    hardenResponse(res, requestIsHttps(req.headers, env.appUrl, env.CLOCKWISE_TRUST_PROXY));
    applyClientAddressPolicy(req.headers, req.socket.remoteAddress, env.CLOCKWISE_TRUST_PROXY);
    // untrusted: the size a client claims decides how much Next would buffer and decode before the action runs.
    const limit = actionBodyLimit(req.method, req.headers, env.BETTER_AUTH_SECRET);
    if (limit !== null) {
      const problem = actionBodyProblem(req.headers, limit);
      if (problem) return refuseBody(res, problem, limit);
    }
    if (isAdminPath(req.url)) {
      let admin: boolean;
      try {
        admin = await isAdminRequest(req);
      } catch {
        return answerUnavailable(req, res);
      }
      if (!admin) return answerNotFound(req, res);
    }
    if (isDatabaseBackedPage(req.method, req.url)) {
      const available = await databaseAvailable();
      if (available === databaseDown) {
        databaseDown = !available;
        log(available ? "database reachable again; serving pages" : "database unreachable; pages answer 503 until it is back");
      }
      if (!available) return answerUnavailable(req, res);
      if (await guestPages?.serve(req, res)) return;
      guestPages?.capture(req, res);
    }
    await handle(req, res);
  };

  const server = http.createServer({ ...EDGE_TIMEOUTS }, (req, res) => {
    serve(req, res).catch((err: unknown) => {
      log(`request failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("Internal Server Error");
      } else res.destroy();
    });
  });

  server.keepAliveTimeout = EDGE_TIMEOUTS.keepAliveTimeout;
  // Behind a trusted proxy every connection comes from the proxy; the proxy limits its clients instead.
  if (!env.CLOCKWISE_TRUST_PROXY) {
    const connections = new ConnectionCounter(MAX_CONNECTIONS_PER_CLIENT);
    server.on("connection", (socket) => {
      const address = socket.remoteAddress ?? "unknown";
      if (!connections.admit(address)) return void socket.destroy();
      socket.once("close", () => connections.release(address));
    });
  }

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})`);
    const closed = new Promise((r) => server.close(r));
    server.closeIdleConnections();
    const drain = setTimeout(() => server.closeAllConnections(), WORKER_DRAIN_MS);
    await closed;
    clearTimeout(drain);
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  // Ctrl-C reaches the whole process group; the primary's SIGTERM reaches each worker; a primary that died
  // without stopping us shows up as a lost IPC channel.
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("disconnect", () => void stop("primary gone"));

  server.on("error", (err) => {
    log(`cannot serve on :${env.PORT}: ${err.message}`);
    process.exit(1);
  });
  // Decide once before listening, so the first page request does not wait through the probe connection's set-up.
  await databaseAvailable();
  server.listen(env.PORT, () => process.send?.("listening"));
}

const env = readEnv();
if (cluster.isPrimary) runPrimary(env);
else
  runWorker(env).catch((err: unknown) => {
    log(`failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  });
