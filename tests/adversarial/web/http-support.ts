/**
 * Over-the-wire helpers for the web attack cases that run against the production server (`*.e2e.test.ts` in this
 * folder, run by tests/e2e/jest.config.js, whose global setup starts `npm start` on E2E_PORT with a fresh database).
 * Each case connects from its own loopback address (127.0.0.x via the socket's local address), so per-address limits
 * of one case (sign-up, playground) never spill into another or into the browser flows of tests/e2e.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { E2E_PORT, ROOT } from "../../e2e/server";

export const ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
export const PASSWORD = "correct horse battery";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let nextAddress = 100;
/** A loopback source address no other case in this run uses. */
export const freshAddress = () => `127.0.${Math.floor(nextAddress / 250) + 20}.${(nextAddress++ % 250) + 1}`;

/** One request over a fresh connection whose source address is `from`. */
export function request(
  method: string,
  pathname: string,
  { from = "127.0.0.1", headers = {}, body }: { from?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: E2E_PORT,
        localAddress: from,
        method,
        path: pathname,
        agent: false,
        headers: { ...headers, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${pathname} timed out`)));
    req.end(body);
  });
}

/**
 * A request the server must answer without reading its body: the headers announce the whole body (Content-Length)
 * but only its first `sentBytes` go out, then the answer is awaited. A server that waited for the body would never
 * answer, and this rejects after `timeoutMs` saying so. (Writing the whole body races the server closing the
 * connection after its early answer: the client's EPIPE can arrive before the answer is read.)
 */
export function requestUnread(
  method: string,
  pathname: string,
  { from = "127.0.0.1", headers = {}, body, sentBytes = 64 * 1024, timeoutMs = 60_000 }: { from?: string; headers?: Record<string, string>; body: string; sentBytes?: number; timeoutMs?: number },
): Promise<Answer> {
  const bytes = Buffer.from(body);
  if (bytes.length <= sentBytes) throw new Error(`requestUnread: a body of ${bytes.length} bytes is sent whole; use request()`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: E2E_PORT, localAddress: from, method, path: pathname, agent: false, headers: { ...headers, "content-length": String(bytes.length) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
          req.destroy();
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject); // after the answer resolved, the destroy's errors change nothing
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`${method} ${pathname}: no answer within ${timeoutMs} ms while ${bytes.length - sentBytes} announced bytes were unsent (the server waits for the body)`)),
    );
    req.write(bytes.subarray(0, sentBytes));
  });
}

export function sessionCookieOf(answer: Answer): string {
  const cookie = (answer.headers["set-cookie"] ?? []).find((c) => /session_token=/.test(c));
  if (!cookie) throw new Error(`no session cookie (status ${answer.status}): ${answer.body.slice(0, 200)}`);
  return cookie.split(";")[0]!;
}

export interface HttpAccount {
  email: string;
  password: string;
  cookie: string;
  from: string;
}

/** A new candidate account, signed up over HTTP from its own address. */
export async function signUpOverHttp(): Promise<HttpAccount> {
  const from = freshAddress();
  const email = `web-tier-${randomUUID()}@example.test`;
  const answer = await request("POST", "/api/auth/sign-up/email", {
    from,
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email, password: PASSWORD, name: "Web tier" }),
  });
  return { email, password: PASSWORD, cookie: sessionCookieOf(answer), from };
}

export async function signInOverHttp(email: string, password: string, from = freshAddress()): Promise<Answer> {
  return request("POST", "/api/auth/sign-in/email", {
    from,
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email, password }),
  });
}

/** The first-run admin the server printed (tests/e2e/admin.e2e.test.ts reads it the same way). */
export function adminCredentials(): { email: string; password: string } {
  if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) return { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };
  const state = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `clockwise-e2e-${E2E_PORT}.json`), "utf8")) as { logFile: string };
  const match = /created admin (\S+) with one-time password: (\S+)/.exec(fs.readFileSync(state.logFile, "utf8"));
  if (!match) throw new Error("the admin's one-time password is not in the server log");
  return { email: match[1]!, password: match[2]! };
}

export async function adminCookie(): Promise<string> {
  const { email, password } = adminCredentials();
  return sessionCookieOf(await signInOverHttp(email, password));
}

/** The id of a server action in the production build's manifest, by its exported name. */
export function actionId(exportedName: string, fileFragment: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, e]) => e.exportedName === exportedName && (e.filename ?? fileFragment).includes(fileFragment));
  if (!found) throw new Error(`server action ${exportedName} (${fileFragment}) is not in the build`);
  return found[0];
}

/** Calls a server action the way the browser does (Next-Action header, JSON array of arguments). */
export function callAction(
  pagePath: string,
  id: string,
  args: unknown[],
  { from = "127.0.0.1", cookie, headers = {} }: { from?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return request("POST", pagePath, {
    from,
    headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: ORIGIN, ...(cookie ? { cookie } : {}), ...headers },
    body: JSON.stringify(args),
  });
}
