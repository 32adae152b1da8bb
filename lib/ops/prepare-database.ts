/**
 * Everything the database needs before the app serves: a server (DATABASE_URL, or an embedded PostgreSQL with
 * data in .data/postgres that persists across restarts), migrations, the bank seed (new files only), and an admin
 * account (credentials printed on first run only). Quick when all is up to date: no schema engine is loaded when
 * no migration is pending.
 *
 * @example
 *   const db = await prepareDatabase({ log: (m) => console.error(m) });
 *   spawn("next", ["start"], { env: { ...childEnvironment, DATABASE_URL: db.url } });
 *   await db.stop();
 */
import path from "node:path";
import { dataDirectory, ensureAuthSecret } from "@/lib/config/env";
import { loadConfig, updateConfig } from "@/lib/config/config";
import { configureDatabase, databaseConfig } from "@/lib/db/database-config";
import { embeddedClusterDirectory } from "@/lib/db/cluster-directory";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migration-runner";
import { migrationStatus } from "@/lib/db/migration-folder";
import { PROJECT_ROOT } from "@/lib/db/project-root";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";

export interface PreparedDatabase {
  url: string;
  /** True when this process started an embedded PostgreSQL (stop() shuts it down). */
  embedded: boolean;
  stop(): Promise<void>;
}

export async function prepareDatabase({
  log,
  root = PROJECT_ROOT,
}: {
  log: (line: string) => void;
  root?: string;
}): Promise<PreparedDatabase> {
  const env = loadConfig().app;
  let url = env.DATABASE_URL;
  let stop = async () => {};
  let embedded = false;
  let t = Date.now();
  if (!url) {
    const dataDir = embeddedClusterDirectory(path.join(dataDirectory(root), "postgres"), root);
    if (!dataDir.startsWith(dataDirectory(root))) log(`the checkout is in a private directory; the PostgreSQL cluster lives in ${dataDir}`);
    const server = await startEmbeddedPostgres({
      dataDir,
      port: env.CLOCKWISE_EMBEDDED_PG_PORT,
      log: (line) => log(`postgres: ${line}`),
    });
    url = server.url;
    stop = server.stop;
    embedded = !server.reused;
    log(`embedded PostgreSQL on port ${server.port} (${Date.now() - t} ms)`);
  }
  // This process's data layer and configuration learn the URL (process.env is not written).
  configureDatabase({ ...databaseConfig(), url });
  updateConfig({ DATABASE_URL: url });

  try {
    t = Date.now();
    const status = await migrationStatus(url);
    if (status.pending.length) {
      const { applied, changed } = await runMigrations(url);
      if (changed.length) log(`warning: applied migration(s) ${changed.join(", ")} have changed since (checksum differs); they are not re-run`);
      log(`applied migrations: ${applied.join(", ") || "(none)"} (${Date.now() - t} ms)`);
    }

    t = Date.now();
    // Imported here: the seed pulls in the bank schema, only needed at start.
    const { seedDatabase, formatSeedErrors } = await import("@/prisma/seed");
    const report = await seedDatabase(getPrisma());
    if (report.created.length) log(`seeded ${report.created.length} question(s) (${Date.now() - t} ms)`);
    if (report.errors.length) log(`bank files with errors (skipped):\n${formatSeedErrors(report.errors)}`);

    if (!loadConfig().app.BETTER_AUTH_SECRET) updateConfig({ BETTER_AUTH_SECRET: ensureAuthSecret(root) });
    const { ensureAdmin } = await import("@/lib/auth/ensure-admin");
    const admin = await ensureAdmin({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
    if (admin.created) {
      log(
        admin.generatedPassword
          ? `created admin ${admin.email} with one-time password: ${admin.generatedPassword}  (shown once; change it after signing in)`
          : `created admin ${admin.email} (password from ADMIN_PASSWORD)`,
      );
    } else if (admin.promoted) {
      log(`made ${admin.email} an admin (ADMIN_EMAIL)`);
    }
    if (admin.refused) {
      log(`ADMIN_EMAIL ${admin.refused} belongs to an existing account that is not an admin; it was NOT promoted (ADR 0907)`);
    }
  } catch (error) {
    await disconnectPrisma().catch(() => {});
    await stop().catch(() => {});
    throw error;
  }
  // The app and workers open their own pools; this process only supervises.
  await disconnectPrisma();
  return { url, embedded, stop };
}
