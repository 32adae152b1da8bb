/**
 * One PostgreSQL for the whole Jest run, migrated before any test starts. Workers inherit DATABASE_URL.
 *  - TEST_DATABASE_URL set: used as is (a database meant for tests).
 *  - DATABASE_URL set: a fresh database `clockwise_test_<random>` is created on that server (real data is never
 *    touched) and dropped in global-teardown.
 *  - neither: a throwaway embedded PostgreSQL in a temp directory on a free port (~1.5 s), removed afterwards.
 * Only relative imports here: Jest does not apply moduleNameMapper (`@/`) to global setup files.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { createScratchDatabase } from "./scratch-database";
import { applyMigrations } from "../../lib/db/migrate";

export interface TestDatabaseState {
  stop: () => Promise<void>;
}

const STATE_KEY = "__clockwiseTestDatabase";

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  let state: TestDatabaseState;
  if (process.env.TEST_DATABASE_URL) {
    process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    state = { stop: async () => {} };
  } else if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL, "clockwise_test");
    process.env.DATABASE_URL = scratch.url;
    state = { stop: scratch.drop };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-test-pg-"));
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 0, database: "clockwise_test", ephemeral: true });
    process.env.DATABASE_URL = server.url;
    state = {
      stop: async () => {
        await server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  await applyMigrations(process.env.DATABASE_URL!);
  // Auth needs a secret; tests never reuse it.
  process.env.BETTER_AUTH_SECRET ??= randomBytes(32).toString("base64url");
  (globalThis as Record<string, unknown>)[STATE_KEY] = state;
  if (process.env.CLOCKWISE_TEST_VERBOSE) console.log(`\n[global-setup] test database ready in ${Date.now() - started} ms`);
}
