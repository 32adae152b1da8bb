/**
 * `npm run db:migrate`: apply pending migrations to DATABASE_URL (what `prisma migrate deploy` does, offline).
 * For an external PostgreSQL shared by several machines; `npm start` does this by itself.
 *
 * @example
 *   DATABASE_URL=postgresql://app:pw@db:5432/clockwise npm run db:migrate
 */
import { applyMigrations, migrationStatus } from "./migrate";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const { applied } = await applyMigrations(url);
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
