/**
 * `npm run db:migrate`: apply pending migrations to DATABASE_URL (what `prisma migrate deploy` does, offline).
 * For an external PostgreSQL shared by several machines; `npm start` does this by itself.
 *
 * @example
 *   DATABASE_URL=postgresql://app:pw@db:5432/clockwise npm run db:migrate
 */
import { migrationStatus } from "./migration-folder";
import { runMigrations } from "./migration-runner";
import { databaseUrl } from "./database-config";

async function main(): Promise<void> {
  const url = databaseUrl();
  if (!url) throw new Error("DATABASE_URL is not set");
  const { applied, changed } = await runMigrations(url);
  if (changed.length) console.log(`warning: ${changed.join(", ")} changed after being applied (checksum differs); not re-run`);
  const status = await migrationStatus(url);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "already up to date");
  console.log(`${status.applied.length} applied, ${status.pending.length} pending`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
