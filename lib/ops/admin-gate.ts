/**
 * The edge's admin check (lib/ops/web-server.ts): is the request's session an admin's? One indexed query over a
 * small pool of its own (not Next's Prisma pool, which this process's bundle holds separately), asked only for
 * /admin paths and only when the session cookie's signature is valid — guests never reach the database here.
 * Answering 404 before Next renders keeps the admin pages' text and client chunks (and with them the ids of admin
 * server actions) away from everyone else (issue 16; ADR 0903).
 *
 * @example
 *   const gate = createAdminGate(process.env.DATABASE_URL!);
 *   await gate.isAdminSession("tok123"); // true | false
 */
import pg from "pg";

export interface AdminGate {
  isAdminSession(token: string): Promise<boolean>;
  close(): Promise<void>;
}

export function createAdminGate(databaseUrl: string): AdminGate {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 3_000, application_name: "clockwise-admin-gate" });
  pool.on("error", () => undefined); // an idle client's error; the next query reconnects
  return {
    async isAdminSession(token) {
      const { rows } = await pool.query<{ role: string }>(
        `SELECT u."role" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."token" = $1 AND s."expiresAt" > now() LIMIT 1`,
        [token],
      );
      return rows[0]?.role === "admin";
    },
    close: () => pool.end(),
  };
}
