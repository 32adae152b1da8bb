/**
 * A database of its own for an observability test file: a fresh database on the test server (from
 * tests/support/global-setup.ts), migrated, and made this file's DATABASE_URL. Counts read by the metrics (queue
 * depth, verdicts) and the grading queue are then not shared with test files running at the same time.
 * Call before anything touches the shared Prisma client.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { parseDatabaseUrl } from "@/lib/db/schema-engine";

export async function useOwnDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set (tests/support/global-setup.ts sets it)");
  const address = parseDatabaseUrl(serverUrl);
  const name = `clockwise_obs_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ ...address });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  process.env.DATABASE_URL = url.toString();
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
