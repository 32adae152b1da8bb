/**
 * Which requests the edge server answers with the "temporarily unavailable" page while PostgreSQL is unreachable
 * (lib/ops/web-server.ts). Pages render from the database, and once Next starts rendering one it may already
 * have streamed a 200 (a route with loading.tsx) before the query fails, so the edge decides first.
 *
 * Gated: GET and HEAD of a page path, including the client router's RSC fetches of pages (the router falls back to
 * a full navigation, which then shows the page). Not gated: /api/* (route handlers answer their own JSON 503),
 * /_next/* (built assets need no database), any path whose last segment has a file extension (public files,
 * favicon.ico, robots.txt), and every other method — server actions are POSTs to a page path, and their callers
 * handle errors in the UI (a whole HTML page would not be a valid action answer).
 *
 * @example
 *   isDatabaseBackedPage("GET", "/questions?page=2") // true
 *   isDatabaseBackedPage("GET", "/api/health")       // false
 *   isDatabaseBackedPage("POST", "/questions/x")     // false (a server action)
 */
export function isDatabaseBackedPage(method: string | undefined, url: string | undefined): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const pathname = (url ?? "/").split(/[?#]/, 1)[0] || "/";
  if (!pathname.startsWith("/")) return false;
  if (pathname === "/api" || pathname.startsWith("/api/") || pathname.startsWith("/_next/")) return false;
  const last = pathname.slice(pathname.lastIndexOf("/") + 1);
  return !/\.[A-Za-z0-9]{1,8}$/.test(last);
}
