/**
 * The migrations folder (prisma/migrations, the layout `prisma migrate deploy` reads) and what a database has
 * recorded in `_prisma_migrations`. Plain files and one pg query: no schema engine, cheap enough for /api/health.
 *
 * @example
 *   await migrationStatus(url); // { applied: ["0001_init"], pending: [] }
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { PROJECT_ROOT } from "./project-root";

export const SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");

/** Names of the migration folders in apply order (NNNN_name/migration.sql). */
export function listMigrationNames(migrationsDir = MIGRATIONS_DIR): string[] {
  // Read from the checkout at run time (never bundled); the ignore comments keep Next's file tracer from taking
  // the whole project for a path it cannot know.
  if (!fs.existsSync(/*turbopackIgnore: true*/ migrationsDir)) return [];
  return fs
    .readdirSync(/*turbopackIgnore: true*/ migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/** The migrations folder in the shape the schema engine expects. */
export function loadMigrationsList(migrationsDir = MIGRATIONS_DIR) {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: listMigrationNames(migrationsDir).map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/**
 * Which migrations of the folder are recorded as finished in `_prisma_migrations`, and which are not yet.
 *
 * @example
 *   await migrationStatus(url); // { applied: ["0001_init"], pending: [] }
 */
export async function migrationStatus(
  databaseUrl: string,
  migrationsDir = MIGRATIONS_DIR,
): Promise<{ applied: string[]; pending: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
    const appliedInDb = new Set<string>();
    if (exists.rows[0]?.present) {
      const rows = await client.query(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      for (const row of rows.rows) appliedInDb.add(row.migration_name);
    }
    const names = listMigrationNames(migrationsDir);
    return { applied: names.filter((n) => appliedInDb.has(n)), pending: names.filter((n) => !appliedInDb.has(n)) };
  } finally {
    await client.end();
  }
}
