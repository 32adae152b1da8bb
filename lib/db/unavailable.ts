/**
 * Is this error "the database cannot be reached right now" (down, restarting, connection cut), as opposed to a
 * bug or a bad query? Such errors become 503 + Retry-After for HTTP clients (lib/web/error-response.ts), and an unhandled one in a worker
 * process is survivable: the queue retries whatever it interrupted once PostgreSQL is back.
 *
 * Looks through wrappers (better-auth's APIError, Prisma's driver-adapter errors) via `cause` and
 * `meta.driverAdapterError`.
 *
 * @example
 *   isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5433"), { code: "ECONNREFUSED" })) // true
 */
const CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND",
  // PostgreSQL: connection exceptions (08xxx) and operator intervention (57Pxx: shutdown, crash, cannot connect now)
  "08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03",
  // Prisma: cannot reach the server / server closed the connection
  "P1001", "P1002", "P1017",
]);

const MESSAGES = [/DatabaseNotReachable/, /Connection terminated/i, /terminating connection due to administrator command/i, /the database system is (starting up|shutting down)/i, /Can't reach database server/i];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown }; kind?: unknown };
  if (typeof e.code === "string" && CODES.has(e.code)) return true;
  if (e.kind === "DatabaseNotReachable" || e.kind === "ConnectionClosed") return true;
  if (typeof e.message === "string" && MESSAGES.some((re) => re.test(e.message as string))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
