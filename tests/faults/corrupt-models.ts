/**
 * Fault (d): CLOCKWISE_MODELS_DIR points at a copy of models/ with one byte of word2vec/onnx/model.onnx flipped
 * (the copy hard-links every other file). Expected: the app still starts, /api/health names the problem (engine and
 * grader not ok), and a submission is not graded with a corrupted model. The copy is removed afterwards.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, sleep, startApp } from "../load/support/app";
import { CORRECT_PYTHON, getSubmission, signUp, submit } from "../load/support/client";
import { log, type FaultResult } from "./scenario";

const CORRUPTED = "word2vec/onnx/model.onnx";

export async function corruptModelsAtStart(port: number): Promise<FaultResult> {
  const t0 = Date.now();
  const fault = "(d) corrupted models directory at start-up (one byte flipped in word2vec/onnx/model.onnx)";
  const expected = "clear error; /api/health says why; grading refused";
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-proof-models-"));
  fs.chmodSync(copy, 0o755);
  const models = path.join(copy, "models");
  execFileSync("cp", ["-al", path.join(ROOT, "models"), models]);
  const target = path.join(models, CORRUPTED);
  const bytes = fs.readFileSync(target);
  fs.rmSync(target); // break the hard link: never touch the real file
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  fs.writeFileSync(target, bytes);
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    app = await startApp({ port, env: { CLOCKWISE_MODELS_DIR: models, CLOCKWISE_SIGNIN_RATE_LIMIT: "100" }, acceptUnhealthy: true, timeoutMs: 180_000, log });
    // The worker's self-test and first heartbeat come after Next answers; give it a moment.
    let health: { status?: string; engine?: { ok: boolean; problem?: string }; grader?: { ok: boolean; reason?: string; problem?: string } } = {};
    let httpStatus = 0;
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      httpStatus = res.status;
      health = await res.json();
      if (health.grader && /self-test|engine|model|sha|checksum|hash/i.test(health.grader.reason ?? health.grader.problem ?? "")) break;
      await sleep(1000);
    }
    const user = await signUp(app.url, "faultd");
    const sent = await submit(user, { questionSlug: "semantic-vector", language: "python", code: CORRECT_PYTHON, mode: "submit" });
    let subState = `POST /api/submissions → ${sent.status}`;
    if (sent.id) {
      await sleep(15_000);
      const got = await getSubmission(user, sent.id);
      subState += `, after 15 s: ${got.body?.status} ${got.body?.verdict ?? ""}`.trimEnd();
    }
    const workerLog = app.log().split("\n").filter((l) => /grader: NOT grading|engine/i.test(l))[0]?.trim().slice(0, 200) ?? "(no grader line in the log)";
    const engineProblem = health.engine?.problem ?? "";
    const graderProblem = health.grader?.reason ?? health.grader?.problem ?? "";
    const named = /sha|hash|checksum|match|corrupt|integrity/i.test(engineProblem + graderProblem);
    const notGraded = !/done AC/.test(subState);
    const pass = health.engine?.ok === false && health.grader?.ok === false && named && notGraded;
    const observed =
      `/api/health ${httpStatus} status=${health.status}; engine: "${engineProblem.slice(0, 160)}"; grader: "${graderProblem.slice(0, 160)}"; ` +
      `${subState}; log: "${workerLog}"`;
    return { fault, expected, observed, pass, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await app?.stop();
    fs.rmSync(copy, { recursive: true, force: true });
  }
}
