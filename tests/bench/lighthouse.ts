/**
 * `npm run lighthouse` (= `npm run bench -- lighthouse`): Lighthouse performance of every candidate page and of the
 * admin question editor, on mobile and desktop, against the production build.
 *
 * The app is started exactly as the e2e suite starts it (tests/e2e/server.ts: `node lib/ops/bootstrap.mjs start`,
 * building when the sources changed, fresh embedded PostgreSQL, migrations and the real bank seeded) on its own port
 * (LIGHTHOUSE_PORT, default 3170), so it can run beside an e2e run. One Debian Chromium (/usr/bin/chromium, or
 * CHROMIUM_PATH) serves every Lighthouse run; each run opens a fresh tab with storage reset. Signed-in pages carry the
 * session cookie as an extra header (Lighthouse's documented way; storage reset would clear a cookie set in the page).
 *
 * Each page × form factor is measured LIGHTHOUSE_RUNS times (default 3) and the row is Lighthouse's own median run
 * (closest to the median FCP and TTI, lighthouse/core/lib/median-run.js); the score cell also gives the range.
 * Lighthouse's default simulated throttling (mobile: Moto G Power, 4× CPU slowdown, slow 4G; desktop: no CPU slowdown,
 * fast network) estimates load times from the trace, which absorbs some machine load — but total blocking time is the
 * main thread's long tasks scaled by the slowdown, so it grows with the load average: the table's note gives it.
 *
 * Narrower runs: LIGHTHOUSE_PAGES=coding,admin (keys below), LIGHTHOUSE_FORM_FACTORS=mobile, LIGHTHOUSE_RUNS=1.
 * The median run's full report (JSON, with the trace-derived audits) is kept in .data/lighthouse/<key>-<form>.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer, stopServer, type ServerState } from "../e2e/server";
import type { BenchSuite, Table } from "./bench-suite";

const ROOT = path.resolve(__dirname, "../..");
const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 3170);
const BASE = `http://localhost:${PORT}`;
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const OUT_DIR = path.join(ROOT, ".data/lighthouse");
const CODING_SLUG = "semantic-vector";
const MAX_ATTEMPTS = 3;

type Who = "guest" | "candidate" | "admin";
type FormFactor = "mobile" | "desktop";
interface PageSpec {
  key: string;
  name: string;
  /** A path, or a function of what the run found out (the concept question's slug). */
  path: string | ((found: { conceptSlug: string }) => string);
  who: Who;
}

/** Every page a candidate sees (app/: home, bank, search, both question kinds, review, progress, mock, playground,
 * sign-in/up), then the admin question editor. Targets (issue 17): mobile ≥ 90 for candidate pages, ≥ 80 for the editor. */
const PAGES: PageSpec[] = [
  { key: "home", name: "home", path: "/", who: "guest" },
  { key: "list", name: "question list", path: "/questions", who: "guest" },
  { key: "search", name: "search", path: `/questions?q=${encodeURIComponent("attention")}`, who: "guest" },
  { key: "concept", name: "concept question", path: ({ conceptSlug }) => `/questions/${conceptSlug}`, who: "guest" },
  { key: "coding", name: "coding question", path: `/questions/${CODING_SLUG}`, who: "guest" },
  { key: "coding-member", name: "coding question (signed in)", path: `/questions/${CODING_SLUG}`, who: "candidate" },
  { key: "review", name: "review (study)", path: "/review", who: "candidate" },
  { key: "progress", name: "progress", path: "/progress", who: "candidate" },
  { key: "mock", name: "mock interview", path: "/mock", who: "candidate" },
  { key: "playground", name: "playground", path: "/playground", who: "guest" },
  { key: "sign-in", name: "sign-in", path: "/sign-in", who: "guest" },
  { key: "admin", name: "admin question editor", path: `/admin/questions/${CODING_SLUG}`, who: "admin" },
];

/** The first-run admin: ADMIN_EMAIL/ADMIN_PASSWORD when set, else the one-time password the start script printed. */
function adminCredentials(state: ServerState): { email: string; password: string } {
  if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) return { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };
  const match = /created admin (\S+) with one-time password: (\S+)/.exec(fs.readFileSync(state.logFile, "utf8"));
  if (!match) throw new Error(`no admin sign-in in ${state.logFile}`);
  return { email: match[1]!, password: match[2]! };
}

/** better-auth's email endpoints; returns the `name=value` pairs of the session cookies it sets. */
async function authCookie(endpoint: "sign-in" | "sign-up", body: Record<string, string>): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/${endpoint}/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${endpoint} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  if (cookies.length === 0) throw new Error(`${endpoint} set no cookie`);
  return cookies.join("; ");
}

async function findConceptSlug(): Promise<string> {
  const html = await (await fetch(`${BASE}/questions?kind=concept`, { headers: { cookie: "clockwise-locale=en" } })).text();
  const slug = /href="\/questions\/([a-z0-9-]+)"/.exec(html)?.[1];
  if (!slug) throw new Error("no concept question in the bank list");
  return slug;
}

/** Debian Chromium with a DevTools port and a fresh profile (the flags of tests/e2e/browser.ts). */
async function launchChromium(): Promise<{ port: number; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-lighthouse-chromium-"));
  const child: ChildProcess = spawn(
    process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--disable-extensions",
      "--mute-audio",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    { stdio: "ignore" },
  );
  const portFile = path.join(profile, "DevToolsActivePort");
  const deadline = Date.now() + 30_000;
  while (!fs.existsSync(portFile) || fs.readFileSync(portFile, "utf8").split("\n").length < 2) {
    if (child.exitCode !== null) throw new Error(`chromium exited (${child.exitCode})`);
    if (Date.now() > deadline) throw new Error("chromium did not open its DevTools port within 30 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = Number(fs.readFileSync(portFile, "utf8").split("\n")[0]);
  return {
    port,
    async close() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      // Chromium's helper processes may still write into the profile after the browser exits (ENOTEMPTY seen at the
      // end of an idle run, which cost the whole table): retry, and never let a leftover temp folder fail the suite.
      try {
        fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (error) {
        console.warn(`[lighthouse] could not remove ${profile}: ${(error as Error).message}`);
      }
    },
  };
}

interface Measured {
  score: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  fcpMs: number;
  scores: number[];
}

const lighthouseVersion = () => (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/lighthouse/package.json"), "utf8")) as { version: string }).version;

const fmtLoad = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

export const lighthouseSuite: BenchSuite = {
  name: "lighthouse",
  async run(): Promise<Table[]> {
    const started = performance.now();
    const loadAtStart = fmtLoad();
    const wantedPages = process.env.LIGHTHOUSE_PAGES?.split(",").map((s) => s.trim()).filter(Boolean);
    const pages = wantedPages ? PAGES.filter((p) => wantedPages.includes(p.key)) : PAGES;
    const formFactors = (process.env.LIGHTHOUSE_FORM_FACTORS?.split(",") ?? ["mobile", "desktop"]) as FormFactor[];
    // Lighthouse is ESM-only; the bench runs as CommonJS under tsx.
    const { default: lighthouse, desktopConfig } = await import("lighthouse");
    const { computeMedianRun } = await import("lighthouse/core/lib/median-run.js");

    process.stderr.write(`[lighthouse] starting the app on port ${PORT} (builds first when the sources changed)…\n`);
    const state = await startServer(PORT);
    const chromium = await launchChromium().catch(async (error) => {
      await stopServer(PORT);
      throw error;
    });
    try {
      const cookies: Record<Who, string> = { guest: "", candidate: "", admin: "" };
      if (pages.some((p) => p.who === "candidate")) {
        cookies.candidate = await authCookie("sign-up", { name: "Lighthouse Candidate", email: `lighthouse-${Date.now()}@example.com`, password: "correct horse battery staple" });
      }
      if (pages.some((p) => p.who === "admin")) cookies.admin = await authCookie("sign-in", adminCredentials(state));
      const found = { conceptSlug: pages.some((p) => p.key === "concept") ? await findConceptSlug() : "" };
      fs.mkdirSync(OUT_DIR, { recursive: true });

      const results = new Map<string, Measured>();
      const failures: string[] = [];
      for (const page of pages) {
        const url = BASE + (typeof page.path === "function" ? page.path(found) : page.path);
        const cookie = ["clockwise-locale=en", cookies[page.who]].filter(Boolean).join("; ");
        // Warm the server (compiled routes, page cache) so the first measured run is not a cold render.
        for (let i = 0; i < 2; i++) {
          const res = await fetch(url, { headers: { cookie } });
          await res.text();
          if (res.status !== 200) throw new Error(`${url} answered ${res.status} (as ${page.who})`);
        }
        for (const formFactor of formFactors) {
          const lhrs = [];
          for (let run = 0; run < RUNS; run++) {
            // A run can fail on its own (NO_NAVSTART, NO_FCP under heavy load): retry it, then leave the row marked.
            for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
              const result = await lighthouse(
                url,
                { port: chromium.port, output: "json", logLevel: "error", onlyCategories: ["performance"], extraHeaders: { Cookie: cookie } },
                formFactor === "desktop" ? desktopConfig : undefined,
              ).catch((error: Error) => ({ lhr: null, error }));
              const problem = !result ? "no result" : "error" in result ? result.error.message : result.lhr.runtimeError ? `${result.lhr.runtimeError.code}` : null;
              if (!problem && result && result.lhr) {
                lhrs.push(result.lhr);
                break;
              }
              failures.push(`${page.name} ${formFactor} run ${run + 1} attempt ${attempt}: ${problem}`);
              process.stderr.write(`[lighthouse] ${page.name} ${formFactor}: run failed (${problem})${attempt < MAX_ATTEMPTS ? ", retrying" : ""}\n`);
            }
          }
          if (lhrs.length === 0) continue;
          const median = computeMedianRun(lhrs);
          fs.writeFileSync(path.join(OUT_DIR, `${page.key}-${formFactor}.json`), JSON.stringify(median));
          const audit = (id: string) => median.audits[id]?.numericValue ?? NaN;
          const measured: Measured = {
            score: Math.round((median.categories.performance?.score ?? NaN) * 100),
            lcpMs: audit("largest-contentful-paint"),
            tbtMs: audit("total-blocking-time"),
            cls: audit("cumulative-layout-shift"),
            fcpMs: audit("first-contentful-paint"),
            scores: lhrs.map((l) => Math.round((l.categories.performance?.score ?? NaN) * 100)),
          };
          results.set(`${page.key}:${formFactor}`, measured);
          process.stderr.write(`[lighthouse] ${page.name} ${formFactor}: ${measured.score} [${measured.scores.join(", ")}] LCP ${(measured.lcpMs / 1000).toFixed(1)} s TBT ${Math.round(measured.tbtMs)} ms CLS ${measured.cls.toFixed(3)} (load ${fmtLoad()})\n`);
        }
      }

      const cell = (m: Measured | undefined) =>
        m
          ? [
              m.scores.length > 1 ? `${m.score} (${Math.min(...m.scores)}–${Math.max(...m.scores)})` : String(m.score),
              (m.lcpMs / 1000).toFixed(1),
              Math.round(m.tbtMs),
              m.cls.toFixed(3),
            ]
          : ["—", "—", "—", "—"];
      const columns = ["page", "as", ...formFactors.flatMap((f) => [`${f} score`, `${f} LCP s`, `${f} TBT ms`, `${f} CLS`])];
      const rows = pages.map((page) => [
        `${page.name} (\`${typeof page.path === "function" ? page.path(found) : page.path}\`)`,
        page.who,
        ...formFactors.flatMap((f) => cell(results.get(`${page.key}:${f}`))),
      ]);
      const missed = pages
        .filter((p) => (results.get(`${p.key}:mobile`)?.score ?? 0) < (p.who === "admin" ? 80 : 90))
        .map((p) => p.name);
      return [
        {
          title: `Lighthouse ${lighthouseVersion()} performance, Debian Chromium, production build, median of ${RUNS} run(s) (score range in brackets)`,
          columns,
          rows,
          note:
            `Load average ${loadAtStart} at the start, ${fmtLoad()} at the end (TBT grows with it); ${((performance.now() - started) / 60_000).toFixed(1)} min including the start. ` +
            `Targets (issue 17): mobile ≥ 90 for candidate pages, ≥ 80 for the admin editor — ${!formFactors.includes("mobile") ? "mobile not measured" : missed.length === 0 ? "all met" : `missed: ${missed.join(", ")}`}. ` +
            `Median-run reports: .data/lighthouse/.` +
            (failures.length > 0 ? ` Failed Lighthouse runs (retried): ${failures.join("; ")}.` : ""),
        },
      ];
    } finally {
      await chromium.close();
      await stopServer(PORT);
    }
  },
};
