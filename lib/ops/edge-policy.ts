/**
 * What the edge server (lib/ops/web-server.ts) does to every request and response besides the client address and
 * the outage gate, as plain functions so they can be tested without a server (docs/adr/0903-edge-hardening.md):
 *   - timeouts and a per-client connection cap (slow bodies and idle sockets cannot hold the process);
 *   - server-action bodies refused by their Content-Length before Next reads and decodes them: 64 KB without a
 *     session cookie whose signature checks out (guests), 1 MB with one (Next's own limit);
 *   - security headers on every response (CSP that lets the self-hosted Monaco workers start, no framing,
 *     nosniff, referrer policy, HSTS over https);
 *   - the Secure attribute on every Set-Cookie when the public URL is https or a trusted proxy says it terminated
 *     TLS (X-Forwarded-Proto: https).
 * No `server-only`: the edge runs outside Next's bundler and imports this module directly.
 *
 * @example
 *   const limit = actionBodyLimit(req.headers, secret); // 65536 for a guest
 *   if (limit !== null && tooLarge(req.headers, limit)) return refuse(res, 413);
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";

/** Node http.Server timeouts (ms). Node's defaults: headers 60 s, whole request 300 s, checked every 30 s. */
export const EDGE_TIMEOUTS = {
  /** All request headers must arrive within this. */
  headersTimeout: 10_000,
  /** The whole request (headers + body) must arrive within this; responses (SSE) are not limited by it. */
  requestTimeout: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeout: 5_000,
  /** How often Node checks the two limits above (default 30 s would let a slow body live up to twice as long). */
  connectionsCheckingInterval: 1_000,
} as const;

/**
 * Open connections one client address may hold at once per web process. Browsers open ≤ 6 per origin (HTTP/1.1),
 * plus SSE streams and tabs; 256 leaves room for a classroom behind one NAT address and for `npm run loadtest`
 * (100 simulated users from 127.0.0.1 on one process), and still stops a single host from holding the process's file
 * descriptors with idle sockets (which the timeouts above also close within seconds). Behind a trusted proxy every
 * connection comes from the proxy, so the cap is not applied there (the proxy limits clients).
 */
export const MAX_CONNECTIONS_PER_CLIENT = 256;

/** Largest server-action body from a request without a validly signed session cookie (the playground sends ≤ 8 KB). */
export const GUEST_ACTION_BODY_BYTES = 64 * 1024;
/** Largest server-action body from a signed-in browser; equal to Next's default `serverActions.bodySizeLimit`. */
export const USER_ACTION_BODY_BYTES = 1024 * 1024;

const SESSION_COOKIES = ["better-auth.session_token", "__Secure-better-auth.session_token"];

function cookies(header: string | string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (Array.isArray(header) ? header.join(";") : header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * True when the request carries a better-auth session cookie signed with `secret` (HMAC-SHA256, as better-call
 * signs it). Says nothing about whether the session still exists — that costs a database read; the signature alone
 * already tells a browser that signed in from a made-up cookie.
 *
 * @example
 *   hasSignedSessionCookie({ cookie: "better-auth.session_token=abc.def" }, secret) // false: bad signature
 */
export function hasSignedSessionCookie(headers: IncomingHttpHeaders, secret: string | undefined): boolean {
  return signedSessionToken(headers, secret) !== null;
}

/** The session token of a correctly signed better-auth session cookie, or null. */
export function signedSessionToken(headers: IncomingHttpHeaders, secret: string | undefined): string | null {
  if (!secret) return null;
  const jar = cookies(headers.cookie);
  for (const name of SESSION_COOKIES) {
    const raw = jar.get(name);
    if (!raw) continue;
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      continue;
    }
    const dot = value.lastIndexOf(".");
    if (dot < 1) continue;
    const given = Buffer.from(value.slice(dot + 1), "base64");
    const expected = createHmac("sha256", secret).update(value.slice(0, dot)).digest();
    if (given.length === expected.length && timingSafeEqual(given, expected)) return value.slice(0, dot);
  }
  return null;
}

/** True for any request to the admin area's pages and actions (/admin, /admin/…). */
export function isAdminPath(url: string | undefined): boolean {
  const pathname = (url ?? "/").split(/[?#]/, 1)[0] || "/";
  return pathname === "/admin" || pathname.startsWith("/admin/");
}

/** The edge's own 404 for the admin area: no page text, no client chunks, nothing that names an admin action. */
export const NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
  '<meta name="robots" content="noindex"><title>404</title></head><body style="font-family:system-ui,sans-serif;margin:3rem">' +
  '<h1>404</h1><p lang="en">This page could not be found.</p><p lang="zh">页面不存在。</p><p><a href="/questions">/questions</a></p></body></html>';

/**
 * The body limit of a server-action POST (a request with a Next-Action header), or null for any other request
 * (route handlers bound their own bodies: lib/auth/guards.ts, lib/auth/bounded-body.ts).
 */
export function actionBodyLimit(method: string | undefined, headers: IncomingHttpHeaders, secret: string | undefined): number | null {
  if (method !== "POST" || headers["next-action"] === undefined) return null;
  return hasSignedSessionCookie(headers, secret) ? USER_ACTION_BODY_BYTES : GUEST_ACTION_BODY_BYTES;
}

/**
 * Whether a server-action body may go to Next: its Content-Length must be present and within `limit`. Node's parser
 * never delivers more than Content-Length bytes, so checking the header bounds what Next buffers and decodes.
 * A chunked action body (no Content-Length; browsers never send one) is refused too.
 */
export function actionBodyProblem(headers: IncomingHttpHeaders, limit: number): 411 | 413 | null {
  const length = headers["content-length"];
  if (length === undefined || headers["transfer-encoding"] !== undefined) return 411;
  if (!/^\d+$/.test(length) || Number(length) > limit) return 413;
  return null;
}

/**
 * The Content-Security-Policy of every page. Scripts and styles inline: Next puts its RSC payload in inline
 * scripts and KaTeX/Monaco style elements inline (a nonce would force every page to render dynamically).
 * Monaco's workers are bundled chunks (worker-src 'self'); blob: covers a bundler wrapping one in a blob URL.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

/** Headers every response gets unless the handler set its own value. */
export function securityHeaders(https: boolean): Record<string, string> {
  return {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "cross-origin-opener-policy": "same-origin",
    ...(https ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

/**
 * Whether the browser reached us over https: the public URL says so, or (only with CLOCKWISE_TRUST_PROXY) the
 * proxy's X-Forwarded-Proto does. Without a trusted proxy the client-address policy has already deleted that header.
 */
export function requestIsHttps(headers: IncomingHttpHeaders, appUrl: string, trustProxy: boolean): boolean {
  if (appUrl.startsWith("https://")) return true;
  if (!trustProxy) return false;
  const proto = headers["x-forwarded-proto"];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

/** Adds `; Secure` to a Set-Cookie value that lacks it. */
export function secureCookie(cookie: string): string {
  return /;\s*secure\s*(;|$)/i.test(cookie) ? cookie : `${cookie}; Secure`;
}

/**
 * Makes `res` add the security headers (where the handler set none) and, over https, the Secure attribute on every
 * cookie, at the moment its headers are written — however the handler writes them (setHeader, writeHead, implicit).
 */
export function hardenResponse(res: ServerResponse, https: boolean): void {
  const extra = securityHeaders(https);
  const writeHead = res.writeHead;
  res.writeHead = function hardenedWriteHead(this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    for (const [name, value] of Object.entries(extra)) if (!this.hasHeader(name)) this.setHeader(name, value);
    if (https) {
      const cookie = this.getHeader("set-cookie");
      if (cookie !== undefined) this.setHeader("set-cookie", (Array.isArray(cookie) ? cookie : [String(cookie)]).map(secureCookie));
      const headers = args.find((a, i) => i > 0 && a !== null && typeof a === "object" && !Array.isArray(a)) as Record<string, unknown> | undefined;
      for (const key of Object.keys(headers ?? {})) {
        if (key.toLowerCase() !== "set-cookie") continue;
        const v = headers![key];
        headers![key] = Array.isArray(v) ? v.map((c) => secureCookie(String(c))) : secureCookie(String(v));
      }
    }
    return writeHead.apply(this, args as never);
  } as ServerResponse["writeHead"];
}

/** Counts open connections per client address and says when one more is too many. */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();
  constructor(private readonly max: number) {}

  /** Registers a new connection from `address`; false when it is over the cap (the caller closes it). */
  admit(address: string): boolean {
    const n = (this.open.get(address) ?? 0) + 1;
    if (n > this.max) return false;
    this.open.set(address, n);
    return true;
  }

  release(address: string): void {
    const n = (this.open.get(address) ?? 0) - 1;
    if (n <= 0) this.open.delete(address);
    else this.open.set(address, n);
  }

  count(address: string): number {
    return this.open.get(address) ?? 0;
  }
}
