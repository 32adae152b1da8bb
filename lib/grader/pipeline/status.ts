/**
 * Is anything grading? For /api/health (app/api/health/checks.ts): read from the workers' heartbeats in the
 * database, because workers run in other processes (npm start's supervisor, `npm run worker` elsewhere).
 *
 * ok: at least one live worker passed its self-test. Otherwise `reason` says why in plain words, e.g.
 * "bubblewrap (bwrap) is not installed, …" or "no grader worker is running".
 *
 * @example
 *   await graderStatus()
 *   // → { ok: true, languages: ["python", "javascript", "typescript"], workers: 1, slots: 2 }
 */
import { getPrisma } from "@/lib/db/client";
import { listLiveWorkers } from "@/lib/db/submissions/worker-heartbeats";
import type { GradeLanguage } from "../types";
import type { SelfTestStatus } from "./self-test";

export interface GraderStatus {
  ok: boolean;
  /** Why nothing can grade (absent when ok). `problem` repeats it for the health route's ComponentHealth shape. */
  reason?: string;
  problem?: string;
  /** Languages at least one live worker grades. */
  languages: GradeLanguage[];
  workers: number;
  /** Submissions that can be graded at once across live workers. */
  slots: number;
  /** Lets /api/health treat it as its ComponentHealth record. */
  [key: string]: unknown;
}

/** A worker beats every 5 s by default; three missed beats and it is presumed gone. */
const FRESH_SECONDS = 20;

export async function graderStatus(): Promise<GraderStatus> {
  const workers = await listLiveWorkers(getPrisma(), FRESH_SECONDS);
  const languages = new Set<GradeLanguage>();
  let slots = 0;
  let healthy = 0;
  for (const worker of workers) {
    const status = worker.status as SelfTestStatus;
    for (const [language, state] of Object.entries(status.languages ?? {})) if (state === "ok") languages.add(language as GradeLanguage);
    if (status.ok) {
      healthy += 1;
      slots += worker.concurrency;
    }
  }
  const base = { languages: [...languages].sort(), workers: workers.length, slots };
  if (healthy > 0) return { ok: true, ...base };
  const reason = workers.length
    ? `no grader worker can grade: ${(workers[0].status as SelfTestStatus).reason ?? "self-test failed"}`
    : "no grader worker is running (start one with `npm start` or `npm run worker`)";
  return { ok: false, reason, problem: reason, ...base };
}
