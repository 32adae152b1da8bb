/**
 * The two web-tier probes of issue 16, measured over real HTTP against the production server (lib/ops/web-server.ts
 * serving the build in <root>/.next), printed as tables:
 *   body   a guest posts 2.85 MB of `[{},{},…]` to the playground's server action, 4 clients in parallel, 3 rounds;
 *          time per request, web-process CPU per request, and /api/health latency while it runs
 *   stream one candidate opens 40 concurrent SSE streams on one queued submission (no grader runs, so it stays
 *          queued) and holds them 10 s; how many were accepted, web-process CPU per second, /api/health latency;
 *          then the candidate signs out: how many streams are still open 8 s later
 * A fresh embedded PostgreSQL (migrated, seeded) is started and removed; no grader worker is started.
 *
 * @example
 *   npx tsx tests/load/web-tier-probes.ts                 # serves this checkout's .next
 *   PROBE_ROOT=/work/h11 npx tsx tests/load/web-tier-probes.ts   # another checkout's build (before/after)
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";

const ROOT = path.resolve(process.env.PROBE_ROOT ?? path.resolve(__dirname, "../.."));
const PORT = Number(process.env.PROBE_PORT ?? 3170);
const BASE = `http://127.0.0.1:${PORT}`;
const BODY_BYTES = Math.round(2.85 * 1024 * 1024);
const STREAMS = 40;

const log = (line: string) => process.stderr.write(`[probe] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "–");

/** CPU seconds (user + system) of a process and all its descendants, from /proc. */
function treeCpuSeconds(rootPid: number): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  const tick = 100; // USER_HZ on Linux
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / tick);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Pings /api/health every 100 ms until stopped; returns the latencies. */
function healthPinger(): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      try {
        await (await fetch(`${BASE}/api/health`)).text();
        latencies.push(performance.now() - t);
      } catch {
        latencies.push(performance.now() - t);
      }
      await sleep(100);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

async function baselineHealth(): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await (await fetch(`${BASE}/api/health`)).text();
    out.push(performance.now() - t);
    await sleep(50);
  }
  return out;
}

/** The id of app/playground/actions.ts#runPlayground in the build's server-reference manifest. */
function playgroundActionId(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string; workers?: Record<string, unknown> }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName === "runPlayground") return id;
    if (entry.workers && Object.keys(entry.workers).some((w) => w.includes("playground")) && entry.filename?.includes("playground/actions")) return id;
  }
  throw new Error("runPlayground not found in the server-reference manifest");
}

function postRaw(pathname: string, headers: Record<string, string>, body: string): Promise<{ status: number; ms: number; text: string }> {
  return new Promise((resolve) => {
    const t = performance.now();
    const req = http.request(`${BASE}${pathname}`, { method: "POST", agent: false, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t, text }));
    });
    req.on("error", () => resolve({ status: 0, ms: performance.now() - t, text: "" }));
    req.end(body);
  });
}

async function bodyProbe(webPid: number) {
  const id = playgroundActionId();
  const items = Math.floor((BODY_BYTES - 2) / 3);
  const body = `[${new Array(items).fill("{}").join(",")}]`;
  const before = await baselineHealth();
  const pinger = healthPinger();
  const cpu0 = treeCpuSeconds(webPid);
  const times: number[] = [];
  const statuses = new Map<number, number>();
  await Promise.all(
    [0, 1, 2, 3].map(async (client) => {
      for (let round = 0; round < 3; round++) {
        const r = await postRaw("/playground", { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", "x-probe-client": String(client) }, body);
        times.push(r.ms);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }),
  );
  const cpu = treeCpuSeconds(webPid) - cpu0;
  const during = await pinger.stop();
  return {
    requests: times.length,
    statuses: [...statuses].map(([s, n]) => `${s}×${n}`).join(" "),
    p50: pct(times, 50),
    max: Math.max(...times),
    cpuPerRequestMs: (cpu * 1000) / times.length,
    healthBefore: pct(before, 50),
    healthDuringP50: pct(during, 50),
    healthDuringMax: Math.max(...during),
  };
}

async function signUpCandidate(): Promise<string> {
  const email = `probe-${randomUUID()}@example.test`;
  const res = await fetch(`${BASE}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ email, password: "correct horse battery", name: "Probe" }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!cookie) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return cookie.split(";")[0]!;
}

async function streamProbe(webPid: number) {
  const cookie = await signUpCandidate();
  const created = await fetch(`${BASE}/api/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: BASE },
    body: JSON.stringify({ questionSlug: "semantic-vector", language: "python", code: "def llm_inference(text, engine):\n    return []\n", mode: "run" }),
  });
  const { id } = (await created.json()) as { id: string };
  if (!id) throw new Error(`submission not created: ${created.status}`);
  const before = await baselineHealth();
  const controllers: AbortController[] = [];
  const open = new Set<number>();
  const statuses = new Map<number, number>();
  let events = 0;
  await Promise.all(
    Array.from({ length: STREAMS }, async (_, i) => {
      const ac = new AbortController();
      controllers.push(ac);
      try {
        const res = await fetch(`${BASE}/api/submissions/${id}/events`, { headers: { cookie }, signal: ac.signal });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status !== 200 || !res.body) return void (await res.text());
        open.add(i);
        const reader = res.body.getReader();
        void (async () => {
          try {
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              events += new TextDecoder().decode(value).split("\n\n").length - 1;
            }
          } catch {
            /* aborted */
          }
          open.delete(i);
        })();
      } catch {
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
      }
    }),
  );
  const pinger = healthPinger();
  const cpu0 = treeCpuSeconds(webPid);
  await sleep(10_000);
  const cpuPerSecond = (treeCpuSeconds(webPid) - cpu0) / 10;
  const during = await pinger.stop();
  const openBeforeSignOut = open.size;
  await fetch(`${BASE}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: BASE, "content-type": "application/json" }, body: "{}" });
  await sleep(8_000);
  const openAfterSignOut = open.size;
  for (const ac of controllers) ac.abort();
  return {
    statuses: [...statuses].map(([s, n]) => `${s}×${n}`).join(" "),
    openBeforeSignOut,
    openAfterSignOut,
    events,
    cpuMsPerSecond: cpuPerSecond * 1000,
    healthBefore: pct(before, 50),
    healthDuringP50: pct(during, 50),
    healthDuringMax: Math.max(...during),
  };
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error(`no production build in ${ROOT}/.next`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-web-probe-"));
  fs.chmodSync(dataDir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: 5490, ephemeral: true });
  let web: ChildProcess | undefined;
  try {
    await applyMigrations(db.url);
    process.env.DATABASE_URL = db.url;
    const { getPrisma, disconnectPrisma } = await import("@/lib/db/client");
    const { seedDatabase } = await import("@/prisma/seed");
    await seedDatabase(getPrisma() as never);
    await disconnectPrisma();
    web = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "lib/ops/web-server.ts")], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
      env: { ...process.env, PORT: String(PORT), DATABASE_URL: db.url, BETTER_AUTH_SECRET: "probe-secret-".padEnd(48, "x"), APP_URL: BASE, CLOCKWISE_LOG_LEVEL: "warn", NODE_ENV: "production" },
    });
    let stderr = "";
    web.stderr?.on("data", (c) => (stderr = (stderr + c).slice(-4000)));
    const until = Date.now() + 180_000;
    for (;;) {
      if (web.exitCode !== null) throw new Error(`web server exited: ${stderr}`);
      if (Date.now() > until) throw new Error(`web server not healthy: ${stderr}`);
      try {
        if ((await fetch(`${BASE}/api/health`)).ok) break;
      } catch {
        /* not yet */
      }
      await sleep(500);
    }
    await fetch(`${BASE}/playground`).then((r) => r.text()); // warm the page's modules
    log(`serving ${ROOT} on ${BASE}`);
    const body = await bodyProbe(web.pid!);
    await sleep(2000);
    const stream = await streamProbe(web.pid!);
    const rows = [
      ["body probe (4 guests × 3 × 2.85 MB to the playground action)", ""],
      ["answers", body.statuses],
      ["time per request p50 / max", `${ms(body.p50)} / ${ms(body.max)}`],
      ["web CPU per request", ms(body.cpuPerRequestMs)],
      ["/api/health before", ms(body.healthBefore)],
      ["/api/health during p50 / max", `${ms(body.healthDuringP50)} / ${ms(body.healthDuringMax)}`],
      ["stream probe (40 SSE streams on one queued submission, 10 s)", ""],
      ["answers", stream.statuses],
      ["streams open after 10 s / 8 s after sign-out", `${stream.openBeforeSignOut} / ${stream.openAfterSignOut}`],
      ["events received", String(stream.events)],
      ["web CPU per second", ms(stream.cpuMsPerSecond)],
      ["/api/health before", ms(stream.healthBefore)],
      ["/api/health during p50 / max", `${ms(stream.healthDuringP50)} / ${ms(stream.healthDuringMax)}`],
    ];
    console.log(`\nweb-tier probes — ${ROOT} — ${new Date().toISOString()}\n`);
    console.log("| probe | value |\n|---|---|");
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    if (web?.pid) {
      try {
        process.kill(-web.pid, "SIGTERM");
      } catch {
        /* gone */
      }
      await sleep(3000);
      try {
        process.kill(-web.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
