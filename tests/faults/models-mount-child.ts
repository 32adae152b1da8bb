/**
 * The part of faults (e)/(f) that runs inside a private mount namespace (started by tests/faults/models-mount.ts as
 * `unshare --mount --propagation private -- node … models-mount-child.ts VARIANT PORT OUT PARENT_MNT_NS`): mounts the variant's
 * directory read-only over models/, starts the app with startApp (it inherits this namespace), observes it, stops
 * it, and writes one FaultResult as JSON to OUT. Never run it outside a private namespace: the mount would be global.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIsCurrent, ROOT, sleep, startApp, type RunningApp } from "../load/support/app";
import { CORRECT_PYTHON, signUp, submit, waitForVerdict } from "../load/support/client";
import type { ModelsMountVariant } from "./models-mount";
import { log, type FaultResult } from "./scenario";

const MODELS = path.join(ROOT, "models");
const MISSING = "word2vec/vocab.json";

type Health = { status?: string; engine?: { ok: boolean; problem?: string }; grader?: { ok: boolean; reason?: string; problem?: string } };

async function readHealth(url: string): Promise<{ http: number; body: Health }> {
  const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
  return { http: res.status, body: (await res.json()) as Health };
}

/** Polls /api/health until `done` holds (the worker's self-test and first heartbeat come after Next answers). */
async function healthWhen(url: string, done: (h: { http: number; body: Health }) => boolean, seconds = 90): Promise<{ http: number; body: Health }> {
  let last = await readHealth(url);
  for (let i = 0; i < seconds && !done(last); i++) {
    await sleep(1000);
    last = await readHealth(url);
  }
  return last;
}

/** A log line as a person reads it: the `msg` of a JSON (pino) line, the line itself otherwise. */
function readableLine(line: string): string {
  try {
    const parsed = JSON.parse(line) as { component?: string; msg?: string };
    return parsed.msg ? `[${parsed.component ?? "app"}] ${parsed.msg}` : line.trim();
  } catch {
    return line.trim();
  }
}

/** The directory to mount over models/ for `variant`, and how to clean it up. */
function sourceFor(variant: ModelsMountVariant): { dir: string; cleanup: () => void } {
  if (variant === "read-only") return { dir: MODELS, cleanup: () => {} };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-proof-models-"));
  fs.chmodSync(scratch, 0o755);
  const dir = path.join(scratch, "models");
  if (variant === "missing-file") {
    execFileSync("cp", ["-al", MODELS, dir]); // hard links: removing one from the copy leaves the original alone
    fs.rmSync(path.join(dir, MISSING));
  } else {
    fs.mkdirSync(dir, { mode: 0o755 });
  }
  return { dir, cleanup: () => fs.rmSync(scratch, { recursive: true, force: true }) };
}

/** Read-only bind of `dir` over models/; proves it by failing to write there. */
function mountReadOnly(dir: string): string {
  execFileSync("mount", ["--bind", dir, MODELS]);
  execFileSync("mount", ["-o", "remount,bind,ro", MODELS]);
  try {
    fs.writeFileSync(path.join(MODELS, ".write-probe"), "x");
    fs.rmSync(path.join(MODELS, ".write-probe"));
    return "WRITABLE (the mount is not read-only)";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? "error";
  }
}

async function readOnly(app: RunningApp, probe: string): Promise<Omit<FaultResult, "fault" | "expected" | "seconds">> {
  const health = await healthWhen(app.url, (h) => h.http === 200 || h.body.grader?.ok === false);
  const user = await signUp(app.url, "faulte");
  const sent = await submit(user, { questionSlug: "semantic-vector", language: "python", code: CORRECT_PYTHON, mode: "submit" });
  const final = sent.id ? await waitForVerdict(user, sent.id, Date.now() + 90_000) : null;
  const writes = app.log().split("\n").filter((l) => /EROFS|read-only file system/i.test(l));
  const pass = probe === "EROFS" && health.http === 200 && final?.status === "done" && final.verdict === "AC" && writes.length === 0;
  return {
    observed:
      `write probe into models/: ${probe}; /api/health ${health.http} status=${health.body.status} (engine ok=${health.body.engine?.ok}, grader ok=${health.body.grader?.ok}); ` +
      `POST /api/submissions → ${sent.status}, verdict ${final ? `${final.status} ${final.verdict}` : "none in 90 s"}; ` +
      `${writes.length ? `log shows write attempts: "${writes[0].trim().slice(0, 200)}"` : "no EROFS / read-only error in the log"}; started in ${(app.startMs / 1000).toFixed(1)} s`,
    pass,
  };
}

async function broken(app: RunningApp, variant: ModelsMountVariant, probe: string): Promise<Omit<FaultResult, "fault" | "expected" | "seconds">> {
  // What must be named: the file and that it is missing, or that the models folder has no models. (The web process
  // serves the build in .next, which may predate the engine's current wording: both wordings name the file.)
  const names = variant === "missing-file" ? /model "word2vec": file "(word2vec\/)?vocab\.json" is missing/ : /no models in \S*models\b/;
  const health = await healthWhen(app.url, (h) => names.test(h.body.grader?.reason ?? ""));
  const logLine = readableLine(app.log().split("\n").find((l) => /NOT grading/.test(l)) ?? "");
  const user = await signUp(app.url, "faultf");
  const res = await fetch(`${app.url}/api/submissions`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, cookie: user.cookie },
    body: JSON.stringify({ questionSlug: "semantic-vector", language: "python", code: CORRECT_PYTHON, mode: "submit" }),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await res.json().catch(() => ({}))) as { id?: string; error?: string; message?: string };
  const engineProblem = health.body.engine?.problem ?? "";
  // The refusal (ADR 1103) lives in the route handler, served from .next: only a build of the current sources has it.
  const current = buildIsCurrent();
  const refused = res.status === 503 && answer.error === "GRADER_UNAVAILABLE" && !!res.headers.get("retry-after");
  const notGraded = res.status !== 201 || !(await waitForVerdict(user, answer.id ?? "", Date.now() + 10_000));
  // /api/health answers 200 while the database is fine (app/api/health/route.ts); the body says what is broken.
  const pass =
    probe === "EROFS" && health.body.status === "degraded" && health.body.engine?.ok === false && names.test(engineProblem) && names.test(logLine) && (current ? refused : notGraded);
  return {
    observed:
      `log at start-up: "${logLine.slice(0, 220)}"; /api/health ${health.http} status=${health.body.status}, engine: "${engineProblem.slice(0, 200)}"; ` +
      `POST /api/submissions → ${res.status} ${answer.error ?? ""} (Retry-After ${res.headers.get("retry-after") ?? "none"})` +
      (current ? `: "${(answer.message ?? "").slice(0, 90)}…"` : ` (the build in .next is not of the current sources, so the refusal is not required; graded: ${!notGraded})`),
    pass,
  };
}

async function main(): Promise<void> {
  const [variant, port, out, parentNamespace] = process.argv.slice(2) as [ModelsMountVariant, string, string, string];
  if (!parentNamespace || fs.readlinkSync("/proc/self/ns/mnt") === parentNamespace) {
    throw new Error("not in a private mount namespace: run through tests/faults/models-mount.ts (unshare --mount)");
  }
  const t0 = Date.now();
  const label = { "read-only": "(e)", "missing-file": "(f1)", empty: "(f2)" }[variant];
  let result: Omit<FaultResult, "fault" | "expected" | "seconds">;
  const source = sourceFor(variant);
  let app: RunningApp | undefined;
  try {
    const probe = mountReadOnly(source.dir);
    log(`${label} models/ is now a read-only mount of ${source.dir} in this namespace (write probe: ${probe})`);
    app = await startApp({ port: Number(port), build: "prebuilt", acceptUnhealthy: true, timeoutMs: 180_000, env: { CLOCKWISE_SIGNIN_RATE_LIMIT: "100" }, log });
    result = variant === "read-only" ? await readOnly(app, probe) : await broken(app, variant, probe);
  } catch (error) {
    result = { observed: `the scenario failed: ${(error as Error).message.slice(0, 400)}`, pass: false };
  } finally {
    await app?.stop();
    try {
      execFileSync("umount", [MODELS]);
    } catch {
      /* the namespace goes away with this process anyway */
    }
    source.cleanup();
  }
  fs.writeFileSync(out, JSON.stringify({ fault: "", expected: "", ...result, seconds: (Date.now() - t0) / 1000 }));
}

main().then(
  () => process.exit(0),
  (error) => {
    log(`models-mount child failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  },
);
