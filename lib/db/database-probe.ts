/**
 * The page gate's database probe (lib/db/availability.ts; the edge server asks that gate): `SELECT 1` over one connection of its own, not through the app's Prisma pool.
 *
 * Why not the pool: under load every pooled connection is busy and requests queue for one for seconds, so a probe
 * through the pool times out while PostgreSQL is perfectly reachable, and the outage gate answered 503 to ~18 % of
 * page requests in a 100-user load test. A dedicated connection measures what the gate is about (can PostgreSQL
 * be reached and does it answer), and a stopped server still shows at once (the connection is terminated or
 * refused).
 *
 * The connection is opened on first use, dropped after any failure and opened again on the next probe; when the
 * server ends it while idle (a shutdown says "terminating connection due to administrator command"),
 * `onConnectionLost` hears it at once, so a stopped PostgreSQL is noticed before the next probe is due. Every
 * query and connection attempt settles within `settleMs` (pg's own timeouts), so a hung server never piles up
 * probes.
 *
 * @example
 *   const gate = createDatabaseAvailability({ probe: dedicatedDatabaseProbe(process.env.DATABASE_URL!, 4000), timeoutMs: 3000 });
 *   await gate.available(); // true
 */
import pg from "pg";

export function dedicatedDatabaseProbe(
  databaseUrl: string,
  settleMs: number,
  onConnectionLost: (error: unknown) => void = () => {},
  applicationName = "clockwise-page-gate",
): () => Promise<void> {
  let client: pg.Client | null = null;

  const drop = (c: pg.Client) => {
    if (client === c) client = null;
    c.end().catch(() => undefined);
  };

  return async () => {
    let c = client;
    if (!c) {
      const fresh = new pg.Client({
        connectionString: databaseUrl,
        connectionTimeoutMillis: settleMs,
        query_timeout: settleMs,
        application_name: applicationName,
      });
      // An idle connection that the server closes (shutdown, restart) reports here, before any probe would fail:
      // the caller can close its gate now; the next probe reconnects.
      fresh.on("error", (error) => {
        drop(fresh);
        onConnectionLost(error);
      });
      try {
        await fresh.connect();
      } catch (error) {
        drop(fresh);
        throw error;
      }
      client = c = fresh;
    }
    try {
      await c.query("SELECT 1");
    } catch (error) {
      drop(c);
      throw error;
    }
  };
}
