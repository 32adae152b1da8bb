/**
 * Server response times of the candidate pages with 10,000 questions in the database, over HTTP against the
 * production build served exactly as `npm start` serves it (lib/ops/bootstrap.mjs start: build when the sources
 * changed, the web server lib/ops/web-server.ts, grader worker). The database is a throwaway embedded PostgreSQL holding the real bank
 * (seeded by the start script) plus 10,000 generated questions (tests/support/bank-scale.ts).
 *
 * Pages: the list (first page and a deep page), a search, a concept question page and the coding page of
 * semantic-vector. Each is requested for a time budget after a warm-up; p50/p95 of the full response time.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { seedScaleBank } from "../support/bank-scale";
import { type BenchSuite, percentile, sampleFor, type Table } from "./bench-suite";

const N = 10_000;
const PORT = Number(process.env.BENCH_WEB_PORT ?? 3150);
const ROOT = path.resolve(__dirname, "../..");
const BUDGET_MS = 3000;

const PAGES: { name: string; path: string }[] = [
  { name: "list, first page", path: "/questions" },
  { name: "list, page 450", path: "/questions?page=450" },
  { name: "search (trigram)", path: `/questions?q=${encodeURIComponent("question number 4242")}` },
  { name: "search (Chinese)", path: `/questions?q=${encodeURIComponent("第4242题")}` },
  { name: "concept question page", path: "/questions/scale-q-04242" },
  { name: "coding question page", path: "/questions/semantic-vector" },
];

async function waitForServer(child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before serving`);
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not serve /api/health on port ${PORT} within ${deadlineMs / 1000} s`);
}

async function stopApp(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null) return;
  const exited = new Promise((r) => app.once("exit", r));
  app.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
}

async function fetchOk(url: string): Promise<void> {
  const res = await fetch(url, { headers: { "accept-language": "en" } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  if (body.length < 500) throw new Error(`${url} answered a suspiciously short page (${body.length} bytes)`);
}

export const webSuite: BenchSuite = {
  name: "web",
  async run(): Promise<Table[]> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-bench-web-"));
    fs.chmodSync(dataDir, 0o755);
    const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: 5480, ephemeral: true });
    let app: ChildProcess | undefined;
    try {
      await applyMigrations(db.url);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await seedScaleBank(client, N);
      await client.query("ANALYZE");
      await client.end();

      // Before/after in one run (ADR 1105): the same build served with the public page cache off, then on.
      const configs = [
        { label: "cache off", env: { CLOCKWISE_PAGE_CACHE: "0" } },
        { label: "cache on", env: {} },
      ];
      const results: { p50: number; p95: number; n: number }[][] = [];
      for (const [index, config] of configs.entries()) {
        // The second start serves the build the first one made (other edits to a shared tree must not rebuild between).
        const args = [path.join(ROOT, "lib/ops/bootstrap.mjs"), "start", ...(index > 0 ? ["--no-build"] : [])];
        app = spawn(process.execPath, args, {
          cwd: ROOT,
          stdio: ["ignore", "ignore", "pipe"],
          env: { ...process.env, ...config.env, PORT: String(PORT), DATABASE_URL: db.url, CLOCKWISE_DATA_DIR: dataDir, CLOCKWISE_LOG_LEVEL: "warn" },
        });
        let stderr = "";
        app.stderr?.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
        await waitForServer(app, 600_000).catch((error) => {
          throw new Error(`${(error as Error).message}\n${stderr}`);
        });
        const measured: { p50: number; p95: number; n: number }[] = [];
        for (const page of PAGES) {
          const url = `http://127.0.0.1:${PORT}${page.path}`;
          for (let i = 0; i < 3; i++) await fetchOk(url); // warm-up: compile caches, pools, plans (and the page cache)
          const samples = await sampleFor(BUDGET_MS, () => fetchOk(url), 20);
          measured.push({ p50: percentile(samples, 50), p95: percentile(samples, 95), n: samples.length });
        }
        results.push(measured);
        await stopApp(app);
        app = undefined;
      }
      const rows = PAGES.map((page, i) => [
        page.name,
        page.path,
        `${results[0]![i]!.n} / ${results[1]![i]!.n}`,
        results[0]![i]!.p50.toFixed(1),
        results[1]![i]!.p50.toFixed(1),
        results[0]![i]!.p95.toFixed(1),
        results[1]![i]!.p95.toFixed(1),
      ]);
      return [
        {
          title: `Candidate pages over HTTP, ${N.toLocaleString("en")} questions in the database (guest, production build), public page cache off → on`,
          columns: ["page", "path", "requests off / on", "p50 ms off", "p50 ms on", "p95 ms off", "p95 ms on"],
          rows,
          note: "Sequential requests from one client on loopback; the page render includes the data-layer queries. off = CLOCKWISE_PAGE_CACHE=0 (every request reads the bank), on = the default (ADR 1105: list, search and question views from the process's cache until a bank change is NOTIFYed, and since the evening of 2026-12-07 guests' whole pages from the edge server's memory, so with the cache on a page is mostly a hit without a render).",
        },
      ];
    } finally {
      if (app) await stopApp(app);
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
