#!/usr/bin/env node
// Entry of `npm start` and `npm test` on a fresh clone: installs what is missing (npm packages from the
// lockfile, Debian packages via apt when root, the generated Prisma client), then hands over to the real
// command. Plain Node with no dependencies, because node_modules may not exist yet. Each step checks a
// cheap stamp first so a warm run costs well under a second.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Debian packages each command needs at run time (the sandbox, the Python harness, the browser for e2e). */
const DEBIAN = {
  start: ["bubblewrap", "python3", "python3-numpy", "python3-seccomp"],
  test: ["bubblewrap", "python3", "python3-numpy", "python3-seccomp", "chromium", "fonts-noto-cjk", "iproute2"],
};

function log(msg) {
  process.stderr.write(`[clockwise] ${msg}\n`);
}

function sha256(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (res.status !== 0) {
    log(`\`${cmd} ${args.join(" ")}\` failed (exit ${res.status ?? res.signal}).`);
    process.exit(res.status || 1);
  }
}

function ensureNodeModules() {
  const lock = path.join(root, "package-lock.json");
  const stamp = path.join(root, "node_modules", ".clockwise-lock-sha256");
  const want = sha256(lock);
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return;
  log("installing npm packages from package-lock.json (npm ci)…");
  // onnxruntime-node's install script would try to download CUDA add-ons from an unreachable host.
  run("npm", ["ci", "--no-audit", "--no-fund"], { env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip" } });
  writeFileSync(stamp, want);
}

function missingDebianPackages(names) {
  return names.filter((name) => {
    const res = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
    return res.status !== 0 || !res.stdout.includes("install ok installed");
  });
}

function ensureDebianPackages(names) {
  if (!existsSync("/usr/bin/dpkg-query")) return;
  const missing = missingDebianPackages(names);
  if (missing.length === 0) return;
  if (!isRoot) {
    log(`missing Debian packages: ${missing.join(", ")}. Install them with: sudo apt-get install ${missing.join(" ")}`);
    return;
  }
  log(`installing Debian packages: ${missing.join(", ")}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-q"], { env });
  run("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...missing], { env });
}

function ensurePrismaClient() {
  const schema = path.join(root, "prisma", "schema.prisma");
  if (!existsSync(schema)) return;
  const outDir = path.join(root, "lib", "db", "generated");
  const stamp = path.join(outDir, ".schema-sha256");
  const want = sha256(schema) + ":" + sha256(path.join(root, "package-lock.json"));
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return;
  log("generating the Prisma client…");
  // `prisma generate` needs no schema engine, but the CLI looks for the native binary first and would try to
  // download it; a stub path satisfies the lookup (see docs/adr/0401 and OFFLINE.md).
  run(path.join(root, "node_modules", ".bin", "prisma"), ["generate"], {
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(stamp, want);
}

/**
 * Runs the TypeScript entry in a child Node (tsx registered as a loader, so no wrapper process sits between us
 * and it) and relays the first SIGINT/SIGTERM/SIGHUP to it. Only the first: the child's shutdown is idempotent,
 * and a terminal's Ctrl-C already reaches the whole process group.
 */
function handOver(script, args) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  let relayed = false;
  const relay = (sig) => {
    if (relayed) return;
    relayed = true;
    child.kill(sig);
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => relay(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
  // npm does not always pass a SIGTERM on to its script; if our parent goes away, stop the child ourselves so
  // no server, worker or database is left running without an owner.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    relay("SIGTERM");
  }, 1000);
  watch.unref();
}

const command = process.argv[2];
const rest = process.argv.slice(3);
if (command !== "start" && command !== "test") {
  log("usage: node lib/ops/bootstrap.mjs start|test [args…]");
  process.exit(2);
}
const t0 = Date.now();
ensureNodeModules();
ensureDebianPackages(DEBIAN[command]);
ensurePrismaClient();
log(`dependencies ready in ${Date.now() - t0} ms`);
handOver(path.join(root, command === "start" ? "lib/ops/start.ts" : "lib/ops/test.ts"), rest);
