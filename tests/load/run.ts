/**
 * `npm run loadtest [-- --duration 60 --users 100 --submitters 12 --port 3200 --drain 300 --build auto|npm-start|prebuilt --think 300-1500]`
 *
 * Starts the app like `npm start` on a private port and data directory (tests/load/support/app.ts), then runs
 * `--users` simulated readers for `--duration` seconds (the bank list, searches, question pages, with `--think` ms
 * between pages, uniform; the default 300–1500 caps 88 readers at ~98 pages/s, `--think 0-100` measures capacity)
 * while `--submitters` of them sign up and Submit a correct Python solution of semantic-vector about every 7.5 s
 * (under the 10/min per-user limit) and follow each submission with GET /api/submissions/:id until it is final.
 * After the traffic stops it waits up to `--drain` seconds for every submission's verdict.
 *
 * Prints a markdown report and writes it to .data/loadtest-report.md. Exit 1 when any answer was 5xx (or no
 * answer at all), any submission has no final verdict, or any verdict is not AC.
 */
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { parseArgs } from "node:util";
import { ROOT, sleep, startApp, type BuildMode } from "./support/app";
import { CORRECT_PYTHON, isFinal, signUp, submit, timedFetch, waitForVerdict, type Session, type SubmissionState } from "./support/client";
import { markdownTable, ms, percentile, writeReport } from "./support/stats";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "60" },
    users: { type: "string", default: "100" },
    submitters: { type: "string", default: "12" },
    port: { type: "string", default: "3200" },
    drain: { type: "string", default: "300" },
    build: { type: "string", default: "auto" },
    think: { type: "string", default: "300-1500" },
  },
});
const DURATION_S = Number(args.duration);
const USERS = Number(args.users);
const SUBMITTERS = Math.min(Number(args.submitters), USERS);
const DRAIN_S = Number(args.drain);
const [THINK_MIN_MS, THINK_MAX_MS] = args.think.split("-").map(Number) as [number, number];
const SUBMIT_EVERY_MS = 7_500; // 8 per minute per user, under the limit of 10
const log = (line: string) => process.stderr.write(`[loadtest] ${line}\n`);

const SEARCHES = ["attention", "batch", "cache", "token", "softmax", "注意力", "向量", "推理", "量化", "bert"];

interface Sample {
  route: string;
  status: number;
  ms: number;
  cached?: boolean;
}

interface SentSubmission {
  id: string;
  session: Session;
  sentAt: number;
  final?: SubmissionState;
  finalSeenAt?: number;
}

function bankSlugs(): string[] {
  const dir = path.join(ROOT, "prisma/bank");
  return ["concept", "coding"].flatMap((kind) =>
    fs.existsSync(path.join(dir, kind)) ? fs.readdirSync(path.join(dir, kind)).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/\.yaml$/, "")) : [],
  );
}

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

async function main() {
  for (const [name, value] of Object.entries({ duration: DURATION_S, users: USERS, drain: DRAIN_S })) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  }
  if (!(THINK_MIN_MS >= 0 && THINK_MAX_MS >= THINK_MIN_MS)) throw new Error("--think must be MIN-MAX milliseconds, e.g. 300-1500");
  const t0 = Date.now();
  const app = await startApp({
    port: Number(args.port),
    build: args.build as BuildMode,
    log,
    // Every simulated submitter signs up from 127.0.0.1; the default (5 per IP per minute) would refuse most.
    env: { CLOCKWISE_SIGNIN_RATE_LIMIT: "1000" },
  });
  log(`app ready in ${(app.startMs / 1000).toFixed(1)} s (${app.mode})`);
  let exitCode = 0;
  try {
    const slugs = bankSlugs();
    const samples: Sample[] = [];
    const record = (route: string, status: number, took: number, cached = false) => samples.push({ route, status, ms: took, cached });

    // Sign-ups first, spread over a few seconds; counted as traffic like any other request.
    const sessions: Session[] = [];
    for (let i = 0; i < SUBMITTERS; i++) {
      const started = performance.now();
      try {
        sessions.push(await signUp(app.url, `loaduser${i}`));
        record("POST /api/auth/sign-up/email", 200, performance.now() - started);
      } catch (error) {
        const status = Number(/answered (\d+)/.exec((error as Error).message)?.[1] ?? 0);
        record("POST /api/auth/sign-up/email", status, performance.now() - started);
        log((error as Error).message);
      }
    }

    const trafficEnd = Date.now() + DURATION_S * 1000;
    const drainDeadline = trafficEnd + DRAIN_S * 1000;
    const sent: SentSubmission[] = [];
    const rejected: Record<number, number> = {};
    const pollers: Promise<void>[] = [];

    const reader = async () => {
      await sleep(Math.random() * 2000);
      while (Date.now() < trafficEnd) {
        const r = Math.random();
        let route: string;
        let url: string;
        if (r < 0.35) [route, url] = ["GET /questions", "/questions"];
        else if (r < 0.6) [route, url] = ["GET /questions?q=…", `/questions?q=${encodeURIComponent(pick(SEARCHES))}`];
        else [route, url] = ["GET /questions/[slug]", `/questions/${pick(slugs)}`];
        const res = await timedFetch(`${app.url}${url}`);
        record(route, res.status, res.ms, res.cached);
        await sleep(Math.min(trafficEnd - Date.now(), THINK_MIN_MS + Math.random() * (THINK_MAX_MS - THINK_MIN_MS))); // think time
      }
    };

    const submitter = async (session: Session, index: number) => {
      // Spread the submitters' first submission over one interval so the queue sees a steady stream.
      await sleep((index / Math.max(1, sessions.length)) * Math.min(SUBMIT_EVERY_MS, DURATION_S * 500));
      while (Date.now() < trafficEnd) {
        const sentAt = Date.now();
        const res = await submit(session, { questionSlug: "semantic-vector", language: "python", code: CORRECT_PYTHON, mode: "submit" });
        record("POST /api/submissions", res.status, res.ms);
        if (res.id) {
          const entry: SentSubmission = { id: res.id, session, sentAt };
          sent.push(entry);
          pollers.push(
            waitForVerdict(session, res.id, drainDeadline, 500, (answer) => record("GET /api/submissions/[id]", answer.status, answer.ms)).then((final) => {
              if (final) {
                entry.final = final;
                entry.finalSeenAt = Date.now();
              }
            }),
          );
        } else {
          rejected[res.status] = (rejected[res.status] ?? 0) + 1;
        }
        await sleep(Math.min(trafficEnd - Date.now(), SUBMIT_EVERY_MS - (Date.now() - sentAt) + Math.random() * 500));
      }
    };

    log(`traffic: ${USERS} users (${sessions.length} submitting) for ${DURATION_S} s`);
    const trafficStarted = Date.now();
    await Promise.all([...Array.from({ length: USERS - sessions.length }, reader), ...sessions.map(submitter)]);
    const trafficSeconds = (Date.now() - trafficStarted) / 1000;
    log(`traffic done; waiting up to ${DRAIN_S} s for ${sent.filter((s) => !s.final).length} submission(s) still grading`);
    await Promise.all(pollers);
    const drainedAt = Date.now();

    // ---- report ----
    const routes = [...new Set(samples.map((s) => s.route))];
    const statusCounts = (xs: Sample[]) => {
      const counts: Record<string, number> = {};
      for (const s of xs) if (s.status < 200 || s.status >= 300) counts[s.status === 0 ? "no answer" : String(s.status)] = (counts[String(s.status === 0 ? "no answer" : s.status)] ?? 0) + 1;
      return Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join(", ") || "none";
    };
    const routeRows = routes.map((route) => {
      const xs = samples.filter((s) => s.route === route);
      const lat = xs.map((s) => s.ms);
      const cached = xs.filter((s) => s.cached).length;
      return [route, xs.length, statusCounts(xs), ms(percentile(lat, 50)), ms(percentile(lat, 95)), ms(percentile(lat, 99)), ms(Math.max(...lat)), cached ? `${Math.round((100 * cached) / xs.length)} %` : "–"];
    });
    const fiveXX = samples.filter((s) => s.status >= 500 || s.status === 0).length;
    const finished = sent.filter((s) => s.final && isFinal(s.final));
    const verdicts: Record<string, number> = {};
    for (const s of finished) verdicts[s.final!.verdict ?? "null"] = (verdicts[s.final!.verdict ?? "null"] ?? 0) + 1;
    const clientLatency = finished.map((s) => s.finalSeenAt! - s.sentAt);
    const serverLatency = finished.map((s) => Date.parse(s.final!.finishedAt ?? "") - Date.parse(s.final!.createdAt));
    const notAc = finished.filter((s) => s.final!.verdict !== "AC").length;
    const retried = finished.filter((s) => s.final!.attempts > 1).length;
    const unfinished = sent.length - finished.length;
    if (fiveXX > 0 || unfinished > 0 || notAc > 0) exitCode = 1;

    const report = [
      `# Load test — ${new Date().toISOString()}`,
      "",
      `${USERS} simulated users (${sessions.length} of them submitting) for ${trafficSeconds.toFixed(0)} s against \`${app.mode}\` on ${app.url}; ` +
        `${os.cpus().length} cores, load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")}. App start: ${(app.startMs / 1000).toFixed(1)} s.`,
      "",
      "## HTTP",
      "",
      markdownTable(["route", "requests", "non-2xx by status", "p50", "p95", "p99", "max", "guest page cache hits"], routeRows),
      "",
      `Total requests: ${samples.length} (${(samples.length / trafficSeconds).toFixed(1)}/s during traffic, polls after it included). 5xx or no answer: **${fiveXX}**. ` +
        `Readers think ${THINK_MIN_MS}–${THINK_MAX_MS} ms between pages, so ${USERS - sessions.length} of them can ask at most ~${Math.round((USERS - sessions.length) / ((THINK_MIN_MS + THINK_MAX_MS) / 2000))} pages/s however fast the server answers.`,
      "",
      "## Submissions (semantic-vector, correct Python, Submit)",
      "",
      markdownTable(
        ["sent (201)", "refused (by status)", "finished", "without final verdict", "verdicts", "retried (attempts > 1)", "latency p50 (client)", "p95 (client)", "p50 (server created→finished)", "p95 (server)", "drain after traffic"],
        [[
          sent.length,
          Object.entries(rejected).map(([k, v]) => `${k}: ${v}`).join(", ") || "none",
          finished.length,
          unfinished,
          Object.entries(verdicts).map(([k, v]) => `${k}: ${v}`).join(", ") || "–",
          retried,
          ms(percentile(clientLatency, 50)),
          ms(percentile(clientLatency, 95)),
          ms(percentile(serverLatency, 50)),
          ms(percentile(serverLatency, 95)),
          `${((drainedAt - trafficEnd) / 1000).toFixed(1)} s`,
        ]],
      ),
      "",
      `Result: **${exitCode === 0 ? "PASS" : "FAIL"}** (fails on any 5xx/no answer, any submission without a final verdict, any verdict other than AC). Total run ${((Date.now() - t0) / 1000).toFixed(0)} s.`,
    ].join("\n");
    writeReport(ROOT, "loadtest", report);
    if (exitCode !== 0) {
      const app5xx = app.log().split("\n").filter((l) => /error|Error/.test(l)).slice(-15).join("\n");
      if (app5xx) log(`last error lines in the app log:\n${app5xx}`);
    }
  } finally {
    await app.stop();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  log(`failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
