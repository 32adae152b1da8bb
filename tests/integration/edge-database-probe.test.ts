/**
 * The edge server's probe connection (lib/db/database-probe.ts) on a real PostgreSQL: one connection reused,
 * a connection the server terminated reported at once and replaced on the next probe, and an unreachable server reported as
 * "database unavailable".
 */
import { dedicatedDatabaseProbe } from "@/lib/db/database-probe";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { disconnectPrisma, prisma } from "@/lib/db/client";

// This file's own connection name: the page gate of other files on the same database probes too.
const NAME = `clockwise-probe-test-${process.pid}`;

afterAll(async () => {
  await disconnectPrisma();
});

const probeBackends = async () =>
  prisma.$queryRaw<Array<{ pid: number }>>`SELECT pid FROM pg_stat_activity WHERE application_name = ${NAME} AND datname = current_database()`;

test("reuses one connection, and replaces it after the server closed it", async () => {
  const lost: unknown[] = [];
  const probe = dedicatedDatabaseProbe(process.env.DATABASE_URL!, 3000, (error) => lost.push(error), NAME);
  await probe();
  await probe();
  const backends = await probeBackends();
  expect(backends).toHaveLength(1);

  // What a PostgreSQL shutdown does to an idle connection: the client hears "terminating connection due to
  // administrator command" (57P01) at once, which counts as "database unavailable", and drops the connection.
  await prisma.$queryRaw`SELECT pg_terminate_backend(${backends[0]!.pid}::int)`;
  await new Promise((r) => setTimeout(r, 200));
  expect(lost).toHaveLength(1);
  expect(isDatabaseUnavailable(lost[0])).toBe(true);
  await probe();
  const after = await probeBackends();
  expect(after).toHaveLength(1);
  expect(after[0]!.pid).not.toBe(backends[0]!.pid);
});

test("an unreachable server is reported as unavailable", async () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.port = "1";
  const failure = await dedicatedDatabaseProbe(url.toString(), 2000)().then(() => null, (error: unknown) => error);
  expect(isDatabaseUnavailable(failure)).toBe(true);
});
