/**
 * Is the database reachable and migrated? Used by /api/health and the start script.
 *
 * @example
 *   const h = await checkDatabase(); // { ok: true, latencyMs: 2, migrations: { applied: 1, pending: 0 } }
 */
import { migrationStatus } from "./migration-folder";
import { databaseUrl as configuredDatabaseUrl } from "./database-config";

export interface DatabaseHealth {
  ok: boolean;
  latencyMs: number | null;
  migrations: { applied: number; pending: number; pendingNames: string[] };
  /** A short, non-sensitive reason when not ok (no URL, no SQL). */
  problem?: string;
}

export async function checkDatabase(databaseUrl: string | undefined = configuredDatabaseUrl()): Promise<DatabaseHealth> {
  if (!databaseUrl) return { ok: false, latencyMs: null, migrations: { applied: 0, pending: 0, pendingNames: [] }, problem: "DATABASE_URL is not set" };
  const started = performance.now();
  try {
    const status = await migrationStatus(databaseUrl);
    const pending = status.pending.length;
    return {
      ok: pending === 0,
      latencyMs: Math.round(performance.now() - started),
      migrations: { applied: status.applied.length, pending, pendingNames: status.pending },
      ...(pending ? { problem: `${pending} migration(s) not applied` } : {}),
    };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      ok: false,
      latencyMs: null,
      migrations: { applied: 0, pending: 0, pendingNames: [] },
      problem: `database unreachable${code ? ` (${code})` : ""}`,
    };
  }
}
