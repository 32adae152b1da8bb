/**
 * Migrations without the Prisma CLI's native engine: apply prisma/migrations to a database, diff schema.prisma
 * against the migrations folder (the drift check), and list applied/pending migrations. The folder layout and the
 * `_prisma_migrations` table are the ones `prisma migrate deploy` uses, so either tool can take over.
 *
 * @example
 *   const { applied } = await applyMigrations(process.env.DATABASE_URL!);
 *   const drift = await diffSchemaAgainstMigrations({ databaseUrl }); // "" when in sync
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { withSchemaEngine } from "./schema-engine";

export const PROJECT_ROOT = path.resolve(__dirname, "../..");
export const SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");

const FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };

export interface MigrationPaths {
  schemaPath?: string;
  migrationsDir?: string;
}

function readSchema(schemaPath = SCHEMA_PATH) {
  return { path: schemaPath, text: fs.readFileSync(schemaPath, "utf8") };
}

/** Names of the migration folders in apply order (NNNN_name/migration.sql). */
export function listMigrationNames(migrationsDir = MIGRATIONS_DIR): string[] {
  if (!fs.existsSync(migrationsDir)) return [];
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
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
 * Apply every pending migration (like `prisma migrate deploy`). Returns the names just applied.
 *
 * @example
 *   await applyMigrations("postgresql://postgres:pw@localhost:5433/clockwise"); // { applied: ["0001_init"] }
 */
export async function applyMigrations(databaseUrl: string, paths: MigrationPaths = {}): Promise<{ applied: string[] }> {
  const migrationsList = loadMigrationsList(paths.migrationsDir);
  const result = await withSchemaEngine({ databaseUrl, schema: readSchema(paths.schemaPath) }, (engine) =>
    engine.applyMigrations({ migrationsList, filters: FILTERS }),
  );
  return { applied: result.appliedMigrationNames };
}

/**
 * SQL that would bring the migrations folder up to schema.prisma; "" when they agree (the drift check).
 * Replays the migrations in a temporary shadow database on the server of `databaseUrl` (default DATABASE_URL);
 * the main database itself is never written.
 *
 * @example
 *   expect(await diffSchemaAgainstMigrations()).toBe("");
 */
export async function diffSchemaAgainstMigrations(
  options: MigrationPaths & { databaseUrl?: string } = {},
): Promise<string> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("diffSchemaAgainstMigrations needs a Postgres server: set DATABASE_URL");
  const schema = readSchema(options.schemaPath);
  const migrationsList = loadMigrationsList(options.migrationsDir);
  const result = await withSchemaEngine({ databaseUrl, schema }, (engine) =>
    engine.diff({
      from: migrationsList.migrationDirectories.length ? { tag: "migrations", ...migrationsList } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schema.path, content: schema.text }] },
      script: true,
      exitCode: null,
      filters: FILTERS,
    } as Parameters<typeof engine.diff>[0]),
  );
  return normalizeDiff(result.stdout ?? "");
}

/** The engine prints a comment for an empty diff; treat comments-only output as "no change". */
function normalizeDiff(sql: string): string {
  const meaningful = sql
    .split("\n")
    .filter((line) => line.trim() && !line.trim().startsWith("--"))
    .join("\n");
  return meaningful ? sql.trim() + "\n" : "";
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
