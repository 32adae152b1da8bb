/**
 * Which network address a request came from, decided once at the edge and read everywhere else.
 *
 * The edge (lib/ops/web-server.ts) rewrites every request before Next sees it (`applyClientAddressPolicy`):
 * `x-real-ip` is dropped and `x-forwarded-for` is set to exactly one address, so a client cannot pick its own
 * rate-limit bucket by sending those headers. Without a trusted proxy that address is the TCP peer's; behind one
 * (CLOCKWISE_TRUST_PROXY=true) it is the rightmost X-Forwarded-For entry, the address the nearest proxy saw, which
 * is the only entry a client cannot forge. Downstream code (better-auth's per-IP limits, the playground's guest
 * limit) reads that one header through `clientAddress`.
 *
 * No `server-only` here: the edge server runs outside Next's bundler and imports this module directly.
 *
 * @example
 *   resolveClientAddress({ forwardedFor: "6.6.6.6", socketAddress: "::ffff:10.0.0.5", trustProxy: false }) // "10.0.0.5"
 *   resolveClientAddress({ forwardedFor: "6.6.6.6, 203.0.113.9", socketAddress: "10.0.0.1", trustProxy: true }) // "203.0.113.9"
 *   clientAddress(new Headers({ "x-forwarded-for": "203.0.113.9" })) // "203.0.113.9"
 */
import { isIP } from "node:net";
import type { IncomingHttpHeaders } from "node:http";

/** What `clientAddress` answers when the request carries no single usable address (every such request shares it). */
export const UNKNOWN_CLIENT_ADDRESS = "unknown";

/**
 * Canonical text of one address as it appears in a socket or an X-Forwarded-For entry: IPv4-mapped IPv6 becomes
 * IPv4, IPv6 is lower-cased, and brackets, a port and an IPv6 zone are removed. null when it is not an IP address.
 *
 * @example
 *   normalizeAddress("[2001:DB8::1]:443") // "2001:db8::1"
 *   normalizeAddress("203.0.113.9:5678")  // "203.0.113.9"
 *   normalizeAddress("not-an-ip")         // null
 */
export function normalizeAddress(raw: string | undefined | null): string | null {
  if (typeof raw !== "string") return null;
  let value = raw.trim();
  if (value === "" || value.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const zone = value.indexOf("%");
  if (zone !== -1 && value.includes(":")) value = value.slice(0, zone);
  const family = isIP(value);
  if (family === 4) return value;
  if (family !== 6) return null;
  value = value.toLowerCase();
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  return value;
}

export interface ClientAddressInput {
  /** The X-Forwarded-For header as Node parsed it (repeated headers are already joined with ", "). */
  forwardedFor: string | string[] | undefined;
  /** `req.socket.remoteAddress`: the TCP peer (undefined once the socket is gone). */
  socketAddress: string | undefined;
  /** CLOCKWISE_TRUST_PROXY: a reverse proxy that appends to X-Forwarded-For sits in front of the app. */
  trustProxy: boolean;
}

/**
 * The one address the rest of the app should see for this request, or null when even the socket has none.
 * Trusting a proxy: the rightmost X-Forwarded-For entry (what the nearest proxy saw), else the socket's address.
 * Not trusting one: always the socket's address, whatever the headers say.
 *
 * @example
 *   resolveClientAddress({ forwardedFor: "1.1.1.1", socketAddress: "127.0.0.1", trustProxy: false }) // "127.0.0.1"
 */
export function resolveClientAddress({ forwardedFor, socketAddress, trustProxy }: ClientAddressInput): string | null {
  const socket = normalizeAddress(socketAddress);
  if (!trustProxy) return socket;
  const joined = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor ?? "";
  const entries = joined.split(",").map((entry) => entry.trim()).filter(Boolean);
  const nearest = entries.length > 0 ? normalizeAddress(entries[entries.length - 1]) : null;
  return nearest ?? socket;
}

/** Headers that only a trusted proxy may set; without one, a client-sent value is removed before Next reads it. */
const PROXY_ONLY_HEADERS = ["forwarded", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"] as const;

/**
 * Rewrites a Node request's headers in place so that `x-forwarded-for` holds the resolved address (or is absent)
 * and `x-real-ip` is gone; without a trusted proxy, the other forwarding headers a client might send are dropped
 * too (Next fills x-forwarded-host/-proto/-port from the Host header and the socket). Returns the address.
 *
 * @example
 *   applyClientAddressPolicy(req.headers, req.socket.remoteAddress, env.CLOCKWISE_TRUST_PROXY);
 */
export function applyClientAddressPolicy(headers: IncomingHttpHeaders, socketAddress: string | undefined, trustProxy: boolean): string | null {
  const address = resolveClientAddress({ forwardedFor: headers["x-forwarded-for"], socketAddress, trustProxy });
  delete headers["x-real-ip"];
  if (!trustProxy) for (const name of PROXY_ONLY_HEADERS) delete headers[name];
  if (address) headers["x-forwarded-for"] = address;
  else delete headers["x-forwarded-for"];
  return address;
}

/**
 * The client's address as the edge recorded it (one X-Forwarded-For entry). A header with anything else in it did
 * not come through the edge (e.g. `next dev`) and counts as UNKNOWN_CLIENT_ADDRESS, so it cannot choose a bucket.
 *
 * @example
 *   clientAddress(await headers()) // "203.0.113.9"
 */
export function clientAddress(headers: Headers): string {
  return normalizeAddress(headers.get("x-forwarded-for")) ?? UNKNOWN_CLIENT_ADDRESS;
}

/**
 * The rate-limit bucket of an address: IPv4 as is, IPv6 by its /64 prefix (one subscriber usually holds a whole
 * /64, as better-auth assumes for its own per-IP limits).
 *
 * @example
 *   addressBucket("2001:db8:1:2:aaaa::1") // "2001:db8:1:2::/64"
 *   addressBucket("203.0.113.9")          // "203.0.113.9"
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head, tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
