/**
 * Fault (b): PostgreSQL is stopped for 10 s while readers and submitters use the app (started like `npm start`
 * on its own port and data directory). The embedded server gets a fast shutdown (SIGINT to the postmaster, what
 * `pg_ctl stop -m fast` sends) and is started again on the same data directory with the same command line
 * (postmaster.opts), as the postgres user. Checked:
 *  (b1) requests during the outage fail with a clear 503 (health, pages, submissions) — never 500;
 *  (b2) the app and its worker reconnect by themselves, and every submission accepted before, during or after the
 *       outage gets exactly one final verdict (one verdict line in the worker log, one TestResult per test).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ROOT, sleep, startApp, type RunningApp } from "../load/support/app";
import { CORRECT_PYTHON, isFinal, signUp, submit, timedFetch, waitForVerdict, type Session, type SubmissionState } from "../load/support/client";
import { markdownTable } from "../load/support/stats";
import { writtenVerdicts } from "../scale/support/worker-process";
import { log, type FaultResult } from "./scenario";

const BEFORE_MS = 12_000;
const OUTAGE_MS = 10_000;
const AFTER_MS = 20_000;

/** When a request was sent (an answer to a request sent just before the stop may arrive during the outage). */
type Phase = "before" | "outage" | "after";
interface Sample {
  phase: Phase;
  route: string;
  status: number;
}

function readPostmaster(pgDataDir: string): { pid: number; port: number; argv: string[] } {
  const pidLines = fs.readFileSync(path.join(pgDataDir, "postmaster.pid"), "utf8").split("\n");
  const opts = fs.readFileSync(path.join(pgDataDir, "postmaster.opts"), "utf8");
  const binary = opts.split(" ")[0];
  const argv = [...opts.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  return { pid: Number(pidLines[0]), port: Number(pidLines[3]), argv: [binary, ...argv] };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function databaseAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function postgresOutage(port: number): Promise<FaultResult[]> {
  const t0 = Date.now();
  const app: RunningApp = await startApp({ port, log, env: { CLOCKWISE_SIGNIN_RATE_LIMIT: "100", CLOCKWISE_SUBMISSION_RATE_LIMIT: "1000" } });
  let restartedPid = 0;
  const restartLog = path.join(os.tmpdir(), `clockwise-proof-pg-restart-${process.pid}.log`);
  let stopSeconds = NaN;
  try {
    const creds = JSON.parse(fs.readFileSync(path.join(app.pgDataDir, "clockwise-credentials.json"), "utf8")) as { user: string; password: string };
    const postmaster = readPostmaster(app.pgDataDir);
    const dbUrl = `postgresql://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${postmaster.port}/clockwise`;
    const users: Session[] = [];
    for (let i = 0; i < 3; i++) users.push(await signUp(app.url, `outage${i}`));

    const samples: Sample[] = [];
    let phase: Phase = "before";
    const accepted: Array<{ id: string; user: Session; phase: Phase; final?: SubmissionState | null }> = [];
    const trafficEnd = Date.now() + BEFORE_MS + OUTAGE_MS + AFTER_MS + 10_000;
    let stopTraffic = false;
    let outagePageBody: string | undefined;
    const reader = async (i: number) => {
      const routes: Array<[string, string]> = [["GET /api/health", "/api/health"], ["GET /questions", "/questions"], ["GET /questions/[slug]", "/questions/semantic-vector"], ["GET /questions?q=…", "/questions?q=cache"]];
      for (let n = i; !stopTraffic && Date.now() < trafficEnd; n++) {
        const [route, url] = routes[n % routes.length];
        const sentIn = phase;
        const res = await timedFetch(`${app.url}${url}`, { timeoutMs: 15_000 });
        samples.push({ phase: sentIn, route, status: res.status });
        if (sentIn === "outage" && res.status === 200 && url.startsWith("/questions/") && outagePageBody === undefined) {
          // A 200 during the outage: what does the page actually show?
          outagePageBody = "";
          outagePageBody = await fetch(`${app.url}${url}`, { signal: AbortSignal.timeout(15_000) }).then((r) => r.text(), () => "");
        }
        await sleep(250);
      }
    };
    const submitter = async (user: Session) => {
      while (!stopTraffic && Date.now() < trafficEnd) {
        const sentIn = phase;
        const res = await submit(user, { questionSlug: "semantic-vector", language: "python", code: CORRECT_PYTHON, mode: "submit" });
        samples.push({ phase: sentIn, route: "POST /api/submissions", status: res.status });
        if (res.id) accepted.push({ id: res.id, user, phase: sentIn });
        await sleep(2000);
      }
    };
    const traffic = Promise.all([0, 1, 2, 3].map(reader).concat(users.map(submitter)));

    await sleep(BEFORE_MS);
    // ---- outage ----
    phase = "outage";
    const outageStart = Date.now();
    process.kill(postmaster.pid, "SIGINT");
    while (alive(postmaster.pid) && Date.now() - outageStart < 15_000) await sleep(100);
    stopSeconds = (Date.now() - outageStart) / 1000;
    log(`PostgreSQL (pid ${postmaster.pid}) stopped in ${stopSeconds.toFixed(1)} s; down for ${OUTAGE_MS / 1000} s`);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
    const pgLog = fs.openSync(restartLog, "a");
    const owner = fs.statSync(app.pgDataDir);
    const restarted = spawn(postmaster.argv[0], postmaster.argv.slice(1), { uid: owner.uid, gid: owner.gid, detached: true, stdio: ["ignore", pgLog, pgLog] });
    fs.closeSync(pgLog);
    restarted.unref();
    restartedPid = restarted.pid!;
    while (!(await databaseAnswers(dbUrl))) {
      if (Date.now() - outageStart > 60_000) throw new Error("PostgreSQL did not come back within 60 s");
      await sleep(200);
    }
    phase = "after";
    const outageEnd = Date.now();
    log(`PostgreSQL back (pid ${restartedPid}) after ${((outageEnd - outageStart) / 1000).toFixed(1)} s`);
    // Recovery: the first healthy /api/health after the database is back.
    let recoveredMs = NaN;
    while (Date.now() - outageEnd < 60_000) {
      const res = await timedFetch(`${app.url}/api/health`);
      if (res.status === 200) {
        recoveredMs = Date.now() - outageEnd;
        break;
      }
      await sleep(250);
    }
    await sleep(Math.max(0, AFTER_MS - (Date.now() - outageEnd)));
    stopTraffic = true;
    await traffic;

    // ---- every accepted submission: exactly one final verdict ----
    const drainDeadline = Date.now() + 240_000;
    await Promise.all(accepted.map(async (a) => (a.final = await waitForVerdict(a.user, a.id, drainDeadline, 500))));
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const tests = Number((await client.query(`select count(*) from "TestCase" t join "Question" q on q.id = t."questionId" where q.slug = 'semantic-vector'`)).rows[0].count);
    const rows = (
      await client.query(
        `select s.id, s.status, s.verdict, s.attempts, (select count(*) from "TestResult" r where r."submissionId" = s.id) as results,
                (select count(distinct r.ordinal) from "TestResult" r where r."submissionId" = s.id) as ordinals
           from "Submission" s where s.id = any($1)`,
        [accepted.map((a) => a.id)],
      )
    ).rows as Array<{ id: string; status: string; verdict: string | null; attempts: number; results: string; ordinals: string }>;
    await client.end();
    const appLog = app.log();
    const written = writtenVerdicts(appLog);
    const verdictLines = (id: string) => written.filter((x) => x === id).length;
    const bad = rows.filter((r) => r.status !== "done" || r.verdict !== "AC" || Number(r.results) !== tests || Number(r.ordinals) !== tests || verdictLines(r.id) !== 1);
    const missing = accepted.length - rows.length;
    const byPhase = (p: Phase) => accepted.filter((a) => a.phase === p);
    const retried = rows.filter((r) => r.attempts > 1).length;

    // ---- answers during the outage ----
    const routes = [...new Set(samples.map((s) => s.route))];
    const countBy = (xs: Sample[]) => {
      const c: Record<string, number> = {};
      for (const s of xs) c[s.status === 0 ? "no answer" : String(s.status)] = (c[s.status === 0 ? "no answer" : String(s.status)] ?? 0) + 1;
      return Object.entries(c).map(([k, v]) => `${k}×${v}`).join(" ");
    };
    const table = markdownTable(["route", "before", "during outage", "after"], routes.map((r) => [r, ...(["before", "outage", "after"] as Phase[]).map((p) => countBy(samples.filter((s) => s.route === r && s.phase === p)) || "–")]));
    const during = samples.filter((s) => s.phase === "outage");
    const during500 = during.filter((s) => s.status >= 500 && s.status !== 503).length;
    const duringNoAnswer = during.filter((s) => s.status === 0).length;
    const healthDuring = during.filter((s) => s.route === "GET /api/health");
    const after5xx = samples.filter((s) => s.phase === "after" && (s.status >= 500 || s.status === 0)).length;
    log(`answers by phase:\n${table}`);

    const b1: FaultResult = {
      fault: "(b1) PostgreSQL stopped for 10 s during traffic: answers during the outage",
      expected: "clear 503 from /api/health, pages and POST /api/submissions (no 500, no hang)",
      observed:
        `${routes.map((r) => `${r}: ${countBy(during.filter((s) => s.route === r)) || "–"}`).join("; ")}` +
        (outagePageBody !== undefined
          ? `; a 200 question page during the outage ${/文本|semantic/i.test(outagePageBody) && !/NEXT_HTTP_ERROR|digest/.test(outagePageBody) ? "shows the question" : /digest|error/i.test(outagePageBody) ? "carries an error (status 200 sent before the streamed body failed)" : "shows neither question nor error"} (${outagePageBody.length} bytes)`
          : ""),
      pass: healthDuring.length > 0 && healthDuring.every((s) => s.status === 503) && during500 === 0 && duringNoAnswer === 0,
      seconds: 0,
    };
    const b2: FaultResult = {
      fault: "(b2) after PostgreSQL is back: reconnect, no lost or duplicated verdict",
      expected: "/api/health 200 again by itself; every accepted submission (before/during/after) exactly one final verdict",
      observed:
        `health 200 ${(recoveredMs / 1000).toFixed(1)} s after the database answered; 5xx/no answer after recovery began: ${after5xx}; ` +
        `accepted ${accepted.length} (before ${byPhase("before").length}, during ${byPhase("outage").length}, after ${byPhase("after").length}); ` +
        `final ${accepted.filter((a) => isFinal(a.final ?? undefined)).length}; with problems ${bad.length + missing}${bad.length ? ` (${bad.slice(0, 3).map((r) => `${r.id}: ${r.status} ${r.verdict} rows ${r.results} lines ${verdictLines(r.id)}`).join(", ")})` : ""}; retried ${retried}`,
      pass: Number.isFinite(recoveredMs) && bad.length === 0 && missing === 0 && accepted.length > 0,
      seconds: (Date.now() - t0) / 1000,
    };
    if (!b2.pass) {
      // Keep the evidence: the app's log (worker lines included) next to the report.
      const kept = path.join(ROOT, ".data", "faults-outage-app.log");
      fs.mkdirSync(path.dirname(kept), { recursive: true });
      fs.writeFileSync(kept, appLog);
      b2.observed += `; app log kept in .data/faults-outage-app.log`;
    }
    b2.details = `### (b) answers by phase (PostgreSQL down ${((outageEnd - outageStart) / 1000).toFixed(1)} s)\n\n${table}`;
    return [b1, b2];
  } finally {
    const stopStarted = Date.now();
    await app.stop();
    log(`app stopped in ${((Date.now() - stopStarted) / 1000).toFixed(1)} s`);
    // app.stop() also stops the PostgreSQL this scenario restarted (stopLeftoverPostgres on the data directory).
    fs.rmSync(restartLog, { force: true });
  }
}
