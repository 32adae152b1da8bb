/**
 * Process-level safety net for processes that host a grader worker (`npm start`'s supervisor, `npm run worker`).
 *
 * pg-boss 10 completes and fails jobs without awaiting the promise (upstream issue #577), so a job that ends
 * while PostgreSQL is going away leaves an unhandled rejection, and Node 20 exits on those: one database blip
 * would take the worker down for good (and, under `npm start`, orphan the web server). Such "database
 * unreachable" errors are logged and survived — the queue and the heartbeat takeover retry whatever they
 * interrupted once PostgreSQL is back. Any other unhandled error is a bug: `onFatal` gets to shut down in order.
 *
 * @example
 *   guardWorkerProcess({ log, onFatal: (why) => void shutdown(why, 1) });
 */
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

export function guardWorkerProcess({ log, onFatal }: { log: (line: string) => void; onFatal: (why: string) => void }): void {
  const handle = (kind: string) => (reason: unknown) => {
    const message = reason instanceof Error ? reason.message : String(reason);
    if (isDatabaseUnavailable(reason)) {
      log(`${kind} while the database was unreachable (survived; interrupted jobs are retried): ${message.split("\n")[0]}`);
      return;
    }
    log(`${kind}: ${reason instanceof Error ? (reason.stack ?? message) : message}`);
    onFatal(kind);
  };
  process.on("unhandledRejection", handle("unhandled rejection"));
  process.on("uncaughtException", handle("uncaught exception"));
}
