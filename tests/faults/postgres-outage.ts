/**
 * Fault (b): PostgreSQL is stopped for 10 s while readers and submitters use the app (started like `npm start`
 * on its own port and data directory). The embedded server gets a fast shutdown (SIGINT to the postmaster, what
 * `pg_ctl stop -m fast` sends) and is started again on the same data directory with the same command line
 * (postmaster.opts), as the postgres user. Checked:
 *  (b1) requests during the outage fail with a clear 503 (health, pages, submissions) — never 500. Pages answer the
 *       "temporarily unavailable" page (503 + Retry-After) from the edge server's database gate
 *       (lib/db/availability.ts). The one tolerance: page requests sent within DETECTION_WINDOW_MS of the stop
 *       (the gate's last "up" answer may be one probe interval old, and the probe that notices may take its
 *       timeout) may still have passed the gate and fail inside Next; nothing else is tolerated;
 *  (b2) the app and its worker reconnect by themselves, and every submission accepted before, during or after the
 *       outage gets exactly one final verdict (one verdict line in the worker log, one TestResult per test);
 *  (b3) a server action (the recall rating, a POST to the question page) answers "temporarily unavailable, retry"
 *       during the outage instead of crashing the page, and works again afterwards.
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
import { DETECTION_WINDOW_MS } from "../../lib/db/availability";
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
  /** Date.now() when the request was sent. */
  sentAt: number;
  retryAfter?: string | null;
  /** The answer is the edge server's "temporarily unavailable" page (it reloads itself after Retry-After). */
  unavailablePage?: boolean;
  /** A 200 page that carries a server error inside (Next streamed the status before the render failed). */
  errorInside?: boolean;
}

/** The routes the edge server gates while the database is unreachable (HTML pages). */
const PAGE_ROUTES = new Set(["GET /questions", "GET /questions/[slug]", "GET /questions?q=…"]);

async function fetchAnswer(url: string): Promise<Pick<Sample, "status" | "retryAfter" | "unavailablePage" | "errorInside">> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
    const body = await res.text();
    return {
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      unavailablePage: res.status === 503 && /<meta http-equiv="refresh"/.test(body) && !/<script/i.test(body),
      errorInside: res.status === 200 && /NEXT_HTTP_ERROR|"digest"|\$Edigest|Internal Server Error/.test(body),
    };
  } catch {
    return { status: 0 };
  }
}

/** The build's id of a server action (what the browser sends in the Next-Action header). */
function serverActionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === filename && a.exportedName === exportedName);
  if (!found) throw new Error(`server action ${filename}#${exportedName} is not in the build`);
  return found[0];
}

/** Calls a server action the way the browser does (POST to the page with Next-Action); the answer's RSC text. */
async function callServerAction(baseUrl: string, page: string, actionId: string, args: unknown[], cookie: string): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(`${baseUrl}${page}`, {
      method: "POST",
      headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: baseUrl, cookie },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    return { status: 0, text: (error as Error).message };
  }
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
    const reader = async (i: number) => {
      const routes: Array<[string, string]> = [["GET /api/health", "/api/health"], ["GET /questions", "/questions"], ["GET /questions/[slug]", "/questions/semantic-vector"], ["GET /questions?q=…", "/questions?q=cache"]];
      for (let n = i; !stopTraffic && Date.now() < trafficEnd; n++) {
        const [route, url] = routes[n % routes.length];
        const sentIn = phase;
        const sentAt = Date.now();
        samples.push({ phase: sentIn, route, sentAt, ...(await fetchAnswer(`${app.url}${url}`)) });
        await sleep(250);
      }
    };
    // (b3) the recall rating, as the question page's button sends it: once before, once during, once after.
    const rateRecallId = serverActionId("app/questions/[slug]/actions.ts", "rateRecall");
    const rate = () => callServerAction(app.url, "/questions/semantic-vector", rateRecallId, ["semantic-vector", "good"], users[0].cookie);
    const actionBefore = await rate();
    let actionDuring: { status: number; text: string } | undefined;
    const submitter = async (user: Session) => {
      while (!stopTraffic && Date.now() < trafficEnd) {
        const sentIn = phase;
        const sentAt = Date.now();
        const res = await submit(user, { questionSlug: "semantic-vector", language: "python", code: CORRECT_PYTHON, mode: "submit" });
        samples.push({ phase: sentIn, route: "POST /api/submissions", status: res.status, sentAt });
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
    await sleep(Math.max(0, OUTAGE_MS / 2 - (Date.now() - outageStart)));
    actionDuring = await rate();
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
    const pgLog = fs.openSync(restartLog, "a");
    const owner = fs.statSync(app.pgDataDir);
    const restarted = spawn(postmaster.argv[0], postmaster.argv.slice(1), { uid: owner.uid, gid: owner.gid, detached: true, stdio: ["ignore", pgLog, pgLog] });
    fs.closeSync(pgLog);
    restarted.unref();
    restartedPid = restarted.pid!;
    while (!(await databaseAnswers(dbUrl))) {
      if (Date.now() - outageStart > 60_000) throw new Error("PostgreSQL did not come back within 60 s");
      await sleep(50); // often: requests sent after the database is back must not count as "during the outage"
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
    const actionAfter = await rate();
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
    // The only tolerance: pages sent before the gate can have noticed (DETECTION_WINDOW_MS after the stop began).
    const detectionEnd = outageStart + DETECTION_WINDOW_MS;
    const inDetectionWindow = (s: Sample) => PAGE_ROUTES.has(s.route) && s.sentAt < detectionEnd;
    const during500 = during.filter((s) => s.status >= 500 && s.status !== 503 && !inDetectionWindow(s)).length;
    const duringNoAnswer = during.filter((s) => s.status === 0).length;
    const healthDuring = during.filter((s) => s.route === "GET /api/health");
    const pagesGated = during.filter((s) => PAGE_ROUTES.has(s.route) && !inDetectionWindow(s));
    const pagesNotUnavailable = pagesGated.filter((s) => !(s.status === 503 && Number(s.retryAfter) > 0 && s.unavailablePage));
    const pagesInWindow = during.filter(inDetectionWindow);
    const errorInside = during.filter((s) => s.errorInside && !inDetectionWindow(s));
    const after5xxSamples = samples.filter((s) => s.phase === "after" && (s.status >= 500 || s.status === 0));
    const after5xx = after5xxSamples.length;
    // Pages may answer 503 for about one probe interval after the database is back (the gate's last answer is "down").
    const lastAfter5xxSeconds = after5xx ? Math.max(...after5xxSamples.map((s) => s.sentAt - outageEnd)) / 1000 : 0;
    log(`answers by phase:\n${table}`);

    const b1: FaultResult = {
      fault: "(b1) PostgreSQL stopped for 10 s during traffic: answers during the outage",
      expected: "clear 503 from /api/health, pages and POST /api/submissions (no 500, no hang)",
      observed:
        `${routes.map((r) => `${r}: ${countBy(during.filter((s) => s.route === r)) || "–"}`).join("; ")}; ` +
        `pages sent after the ${DETECTION_WINDOW_MS / 1000} s detection window: ${pagesGated.length - pagesNotUnavailable.length}/${pagesGated.length} the 503 page with Retry-After` +
        `${pagesNotUnavailable.length ? ` (the others: ${countBy(pagesNotUnavailable)})` : ""}; ` +
        `pages sent within the window: ${countBy(pagesInWindow) || "none"} (200 with an error inside: ${pagesInWindow.filter((s) => s.errorInside).length}); ` +
        `200 pages with an error inside after the window: ${errorInside.length}`,
      pass:
        healthDuring.length > 0 && healthDuring.every((s) => s.status === 503) && during500 === 0 && duringNoAnswer === 0 &&
        pagesGated.length > 0 && pagesNotUnavailable.length === 0 && errorInside.length === 0,
      seconds: 0,
    };
    const b2: FaultResult = {
      fault: "(b2) after PostgreSQL is back: reconnect, no lost or duplicated verdict",
      expected: "/api/health 200 again by itself; every accepted submission (before/during/after) exactly one final verdict",
      observed:
        `health 200 ${(recoveredMs / 1000).toFixed(1)} s after the database answered; 5xx/no answer after recovery began: ${after5xx}${after5xx ? ` (${countBy(after5xxSamples)}, the last sent ${lastAfter5xxSeconds.toFixed(1)} s after the database answered)` : ""}; ` +
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
    const actionAnswer = (a: { status: number; text: string } | undefined) =>
      !a ? "not sent" : /"ok":true/.test(a.text) ? `${a.status} ok` : /"error":"UNAVAILABLE"/.test(a.text) ? `${a.status} UNAVAILABLE "${/"message":"([^"]*)"/.exec(a.text)?.[1] ?? ""}"` : `${a.status} other (${a.text.length} bytes)`;
    const b3: FaultResult = {
      fault: "(b3) a server action (recall rating) during the outage",
      expected: "before and after: ok; during: answered (not a crash) with UNAVAILABLE and a retry message",
      observed: `before ${actionAnswer(actionBefore)}; during ${actionAnswer(actionDuring)}; after ${actionAnswer(actionAfter)}`,
      pass:
        actionBefore.status === 200 && /"ok":true/.test(actionBefore.text) &&
        actionDuring?.status === 200 && /"error":"UNAVAILABLE"/.test(actionDuring.text) && /"message":"[^"]*(暂时不可用|temporarily unavailable)/i.test(actionDuring.text) &&
        actionAfter.status === 200 && /"ok":true/.test(actionAfter.text),
      seconds: 0,
    };
    return [b1, b2, b3];
  } finally {
    const stopStarted = Date.now();
    await app.stop();
    log(`app stopped in ${((Date.now() - stopStarted) / 1000).toFixed(1)} s`);
    // app.stop() also stops the PostgreSQL this scenario restarted (stopLeftoverPostgres on the data directory).
    fs.rmSync(restartLog, { force: true });
  }
}
