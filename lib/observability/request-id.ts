/**
 * Request ids: the caller's `x-request-id` when it is well-formed (so a proxy's or client's id follows the request
 * through our logs), otherwise a fresh UUID. Well-formed = 8–128 characters of letters, digits and `._:-`, which
 * covers UUIDs, ULIDs and trace ids and keeps header-injected junk (spaces, quotes, newlines) out of log lines.
 *
 * @example
 *   requestIdFrom(new Headers({ "x-request-id": "req-7f3a9c01" })); // → "req-7f3a9c01"
 *   requestIdFrom(new Headers({ "x-request-id": "a b" }));          // → "0b6c…" (a new UUID)
 */
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

export function isWellFormedRequestId(value: string | null | undefined): value is string {
  return typeof value === "string" && WELL_FORMED.test(value);
}

export function requestIdFrom(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return isWellFormedRequestId(given) ? given : randomUUID();
}
