/**
 * The database's section of the configuration, handed over once by each process's entry point (lib/ops/start.ts,
 * lib/ops/web-server.ts, lib/grader/pipeline/worker-main.ts) from loadEnv() — so lib/db never reads process.env
 * for it. Held on globalThis because the edge server's tsx copy and Next's bundled copy of lib/db are different
 * module instances in the same process. Processes that configure nothing (tests, scripts) get the defaults.
 *
 * @example
 *   configureDatabase({ poolSize: env.CLOCKWISE_DB_POOL_SIZE });
 *   databaseConfig().poolSize // → 10
 */
export interface DatabaseConfig {
  /** Connections in this process's Prisma pool. */
  poolSize: number;
}

export const DEFAULT_DATABASE_CONFIG: DatabaseConfig = { poolSize: 10 };

const KEY = Symbol.for("clockwise.databaseConfig");
type Holder = { [KEY]?: DatabaseConfig };

export function configureDatabase(config: DatabaseConfig): void {
  if (!Number.isInteger(config.poolSize) || config.poolSize < 1) throw new Error(`database pool size must be a positive integer, got ${config.poolSize}`);
  (globalThis as Holder)[KEY] = { ...config };
}

export function databaseConfig(): DatabaseConfig {
  return (globalThis as Holder)[KEY] ?? DEFAULT_DATABASE_CONFIG;
}
