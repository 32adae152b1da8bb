/**
 * The one PrismaClient of the process (driver adapter `@prisma/adapter-pg`, no native engine). It is created on
 * first use from DATABASE_URL and cached on globalThis so Next's dev reloads do not open a new pool each time.
 * Only lib/db and lib/auth import it.
 *
 * @example
 *   import { prisma } from "@/lib/db/client";
 *   const n = await prisma.question.count();
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseConfig, databaseUrl } from "./database-config";
import { PrismaClient } from "./generated/prisma/client";

export type Database = PrismaClient;

const globalForPrisma = globalThis as unknown as { clockwisePrisma?: { url: string; client: PrismaClient } };

/** A new client for `databaseUrl` (scripts and tests that manage their own lifetime call `$disconnect()`). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: databaseConfig().poolSize,
    // A peer that vanished without closing (network cut, frozen host) is noticed in ~tens of seconds, not hours.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  return new PrismaClient({ adapter });
}

/** The shared client; throws a clear error when DATABASE_URL is missing. */
export function getPrisma(): PrismaClient {
  const url = databaseUrl();
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it; tests get it from tests/support/global-setup.ts)");
  const cached = globalForPrisma.clockwisePrisma;
  if (cached && cached.url === url) return cached.client;
  const client = createPrismaClient(url);
  globalForPrisma.clockwisePrisma = { url, client };
  return client;
}

/** Lazily bound so importing this module never needs a database (e.g. during `next build`). */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getPrisma();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** Close the shared client (tests' afterAll, worker shutdown). */
export async function disconnectPrisma(): Promise<void> {
  const cached = globalForPrisma.clockwisePrisma;
  globalForPrisma.clockwisePrisma = undefined;
  await cached?.client.$disconnect();
}
