/**
 * The database's section of the configuration, handed over once by each process's entry point (lib/ops/start.ts,
 * lib/ops/web-server.ts, lib/grader/pipeline/worker-main.ts) from lib/config's loadConfig() — lib/db may not import
 * lib/config (ADR 0002). Held on globalThis because the edge server's tsx copy and Next's bundled copy of lib/db are
 * different module instances in the same process. Processes that configure nothing (tests, scripts) get the
 * defaults, and their connection string from DATABASE_URL as it is when asked (`databaseUrl()`): the one read of
 * the environment in lib/db, because tests point a file at a database of its own at run time (ADR 0004).
 *
 * @example
 *   configureDatabase({ url: config.database.url, poolSize: config.database.poolSize });
 *   databaseConfig().poolSize // → 10
 *   databaseUrl()             // → "postgresql://…"
 */
export interface DatabaseConfig {
  /** Connections in this process's Prisma pool. */
  poolSize: number;
  /** The connection string; unset: DATABASE_URL (unconfigured processes: tests, scripts). */
  url?: string;
}

export const DEFAULT_DATABASE_CONFIG: DatabaseConfig = { poolSize: 10 };

const KEY = Symbol.for("clockwise.databaseConfig");
type Holder = { [KEY]?: DatabaseConfig };

export function configureDatabase(config: DatabaseConfig): void {
  if (!Number.isInteger(config.poolSize) || config.poolSize < 1) throw new Error(`database pool size must be a positive integer, got ${config.poolSize}`);
  (globalThis as Holder)[KEY] = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as unknown as DatabaseConfig;
}

export function databaseConfig(): DatabaseConfig {
  return (globalThis as Holder)[KEY] ?? DEFAULT_DATABASE_CONFIG;
}

/** The connection string this process uses: the configured one, else DATABASE_URL (tests, scripts); may be unset. */
export function databaseUrl(): string | undefined {
  return databaseConfig().url || process.env.DATABASE_URL || undefined;
}
