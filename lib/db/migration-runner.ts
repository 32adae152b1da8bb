/**
 * Applies prisma/migrations with plain SQL over one pg connection — what `prisma migrate deploy` does, without the
 * Prisma schema engine (its WebAssembly build is only used to create migrations and for the drift test):
 *  - one PostgreSQL advisory lock (Prisma's own key, 72707369) for the whole run, so two starts — or a start and
 *    the Prisma CLI — never apply the same migration twice;
 *  - one transaction per migration file: the file's SQL and its `_prisma_migrations` row commit together, so a
 *    failing file leaves nothing behind and the next start simply tries it again (Prisma would record a failed row
 *    and refuse until `migrate resolve`);
 *  - the same `_prisma_migrations` table and rows as Prisma (id, checksum = sha256 of the file, started/finished
 *    at, applied_steps_count 1), so either tool can take over a database the other migrated.
 * A file that must not run in a transaction (CREATE INDEX CONCURRENTLY) is not supported; write it without.
 *
 * @example
 *   const { applied } = await runMigrations(process.env.DATABASE_URL!); // → { applied: ["0005_grader_tables"], changed: [] }
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { MIGRATIONS_DIR, listMigrationNames } from "./migration-folder";

/** The advisory lock key Prisma's migrate commands take (so our runner and the Prisma CLI exclude each other). */
export const MIGRATION_LOCK_KEY = 72707369;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma's checksum of a migration: the hex sha256 of the file's bytes. */
export function migrationChecksum(sql: string | Buffer): string {
  return createHash("sha256").update(sql).digest("hex");
}

export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`migration ${migration} failed and was rolled back: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}

export interface MigrationRun {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Applied earlier but the file has changed since (its checksum differs): reported, never re-run. */
  changed: string[];
}

export async function runMigrations(databaseUrl: string, migrationsDir = MIGRATIONS_DIR): Promise<MigrationRun> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
      );
      const unfinished = rows.rows.filter((r) => r.finished_at === null && r.rolled_back_at === null).map((r) => r.migration_name);
      if (unfinished.length) {
        throw new Error(
          `migration(s) ${unfinished.join(", ")} started earlier and never finished (recorded by another tool); ` +
            `fix the database and mark them with \`prisma migrate resolve\` before starting`,
        );
      }
      const done = new Map(rows.rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]));
      const run: MigrationRun = { applied: [], changed: [] };
      for (const name of listMigrationNames(migrationsDir)) {
        // Read from the checkout at run time, never bundled (see lib/db/migration-folder.ts).
        const file = path.join(/*turbopackIgnore: true*/ migrationsDir, name, "migration.sql");
        const sql = fs.readFileSync(/*turbopackIgnore: true*/ file);
        const checksum = migrationChecksum(sql);
        const known = done.get(name);
        if (known !== undefined) {
          if (known !== checksum) run.changed.push(name);
          continue;
        }
        await client.query("BEGIN");
        try {
          const id = randomUUID();
          await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`, [id, checksum, name]);
          await client.query(sql.toString("utf8"));
          await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw new MigrationError(name, error);
        }
        run.applied.push(name);
      }
      return run;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
