/**
 * A fresh database on the test PostgreSQL server, for the global setup and for test files whose counts or
 * "first start" state must not be shared with files running at the same time.
 * Only relative imports: the Jest global setup imports this file, and it gets no `@/` mapping.
 *
 * @example
 *   const db = await useOwnDatabase("clockwise_obs"); // migrated, and now this file's DATABASE_URL
 *   afterAll(() => db.drop());
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrate";
import { parseDatabaseUrl } from "../../lib/db/schema-engine";

export interface ScratchDatabase {
  url: string;
  /** Drops the database (forcing out open connections). */
  drop: () => Promise<void>;
}

/** Creates an empty database `<prefix>_<random>` on the server of `serverUrl`. */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const address = parseDatabaseUrl(serverUrl);
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ ...address });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ ...address });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * A migrated scratch database made this test file's DATABASE_URL; `drop()` puts the shared URL back first.
 * Call before anything in the file touches the Prisma client.
 */
export async function useOwnDatabase(prefix: string): Promise<ScratchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set (tests/support/global-setup.ts sets it)");
  const scratch = await createScratchDatabase(serverUrl, prefix);
  await applyMigrations(scratch.url);
  process.env.DATABASE_URL = scratch.url;
  return {
    url: scratch.url,
    drop: async () => {
      process.env.DATABASE_URL = serverUrl;
      await scratch.drop();
    },
  };
}
