/**
 * Who may read /api/metrics. The page carries no user data, but it does describe load, queue backlog and error rates,
 * which is nobody's business outside the operator. Client addresses cannot be trusted in a Next route handler (no
 * socket address; X-Forwarded-For is whatever the client sends unless a proxy rewrites it), so "loopback only"
 * cannot be enforced here. Instead:
 *
 *   CLOCKWISE_METRICS_TOKEN unset        → the endpoint is off: 404
 *   CLOCKWISE_METRICS_TOKEN set (≥ 16)   → `Authorization: Bearer <token>` required (401 otherwise, compared in constant time)
 *
 * Prometheus sends the token with `authorization: { credentials: … }` (or `bearer_token_file`) in its scrape config.
 *
 * @example
 *   metricsAccess(new Headers({ authorization: "Bearer s3cret-token-0123456" }), "s3cret-token-0123456");
 *   // → { allowed: true }
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { loadConfig } from "@/lib/config/config";

export const MIN_TOKEN_LENGTH = 16;

export type MetricsAccess = { allowed: true } | { allowed: false; status: 401 | 404; reason: string };

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** `token`: CLOCKWISE_METRICS_TOKEN as the process configuration read it at start (lib/config). */
export function metricsAccess(headers: Headers, token: string | undefined = loadConfig().metrics.token): MetricsAccess {
  if (!token) return { allowed: false, status: 404, reason: "metrics are disabled (set CLOCKWISE_METRICS_TOKEN)" };
  if (token.length < MIN_TOKEN_LENGTH) {
    return { allowed: false, status: 404, reason: `metrics are disabled: CLOCKWISE_METRICS_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters` };
  }
  const given = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "")?.[1] ?? "";
  // Hashing first makes the comparison constant-time regardless of the given token's length.
  if (!given || !timingSafeEqual(digest(given), digest(token))) return { allowed: false, status: 401, reason: "a valid bearer token is required" };
  return { allowed: true };
}
