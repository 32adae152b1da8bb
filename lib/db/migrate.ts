/**
 * Migrations without the Prisma CLI: apply prisma/migrations to a database with plain SQL (lib/db/migration-runner.ts),
 * diff schema.prisma against the migrations folder through the schema engine's WebAssembly build (the drift check;
 * creating a migration uses it too), and list applied/pending migrations. The folder layout and the
 * `_prisma_migrations` table are the ones `prisma migrate deploy` uses, so either tool can take over.
 *
 * @example
 *   const { applied } = await applyMigrations(process.env.DATABASE_URL!);
 *   const drift = await diffSchemaAgainstMigrations({ databaseUrl }); // "" when in sync
 */
import fs from "node:fs";
import { withSchemaEngine } from "./schema-engine";
import { SCHEMA_PATH, loadMigrationsList } from "./migration-folder";
import { runMigrations } from "./migration-runner";
import { databaseUrl as configuredDatabaseUrl } from "./database-config";

export { PROJECT_ROOT } from "./project-root";
export { MIGRATIONS_DIR, SCHEMA_PATH, listMigrationNames, loadMigrationsList, migrationStatus } from "./migration-folder";

const FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };

export interface MigrationPaths {
  schemaPath?: string;
  migrationsDir?: string;
}

function readSchema(schemaPath = SCHEMA_PATH) {
  return { path: schemaPath, text: fs.readFileSync(schemaPath, "utf8") };
}

/**
 * Apply every pending migration (like `prisma migrate deploy`) with the plain SQL runner (lib/db/migration-runner.ts):
 * no schema engine on the start path. Returns the names just applied.
 *
 * @example
 *   await applyMigrations("postgresql://postgres:pw@localhost:5433/clockwise"); // { applied: ["0001_init"] }
 */
export async function applyMigrations(databaseUrl: string, paths: MigrationPaths = {}): Promise<{ applied: string[]; changed: string[] }> {
  return runMigrations(databaseUrl, paths.migrationsDir);
}

/**
 * The same through the Prisma schema engine (WebAssembly). Only the migrations test uses it, to prove the SQL
 * runner writes the rows Prisma writes.
 */
export async function applyMigrationsWithSchemaEngine(databaseUrl: string, paths: MigrationPaths = {}): Promise<{ applied: string[] }> {
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
  const databaseUrl = options.databaseUrl ?? configuredDatabaseUrl();
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

