/**
 * Is anything grading? For /api/health (lib/use-cases/health/check-health.ts): read from the workers' heartbeats in the
 * database, because workers run in other processes (npm start's supervisor, `npm run worker` elsewhere).
 *
 * ok: at least one live worker passed its self-test. Otherwise `reason` says why in plain words, e.g.
 * "bubblewrap (bwrap) is not installed, …" or "no grader worker is running".
 * The same heartbeats answer "can a submission in this language be graded now?" (graderAvailability): POST
 * /api/submissions refuses when live workers exist but none can, and a waiting submission says why (graderWait;
 * docs/adr/1103-submissions-without-a-grader.md).
 *
 * @example
 *   await graderStatus()
 *   // → { ok: true, languages: ["python", "javascript", "typescript"], workers: 1, slots: 2 }
 */
import { getPrisma } from "@/lib/db/client";
import { listLiveWorkers } from "@/lib/db/submissions/worker-heartbeats";
import type { GradeLanguage } from "../types";
import type { SelfTestStatus } from "./self-test";
import type { GraderWait } from "../submission-contract";

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
    // A worker whose self-test failed grades nothing, even in the languages whose own check passed.
    for (const language of Object.keys(status.languages ?? {}) as GradeLanguage[]) if (gradesLanguage(status, language)) languages.add(language);
    if (status.ok) {
      healthy += 1;
      slots += worker.concurrency;
    }
  }
  // What the boxes of live workers enforce (ADR 0303), e.g. ["v1: memory, pids, cpu-time, cpu-quota, …"].
  const limits = [...new Set(workers.map((w) => (w.status as SelfTestStatus).enforcement).filter((e) => e).map((e) => `${e!.cgroups}: ${e!.enforced.join(", ")}${e!.missing.length ? `; missing ${e!.missing.join("; ")}` : ""}`))];
  const base = { languages: [...languages].sort(), workers: workers.length, slots, limits };
  if (healthy > 0) return { ok: true, ...base };
  const reason = workers.length
    ? `no grader worker can grade: ${(workers[0].status as SelfTestStatus).reason ?? "self-test failed"}`
    : "no grader worker is running (start one with `npm start` or `npm run worker`)";
  return { ok: false, reason, problem: reason, ...base };
}

/**
 * Can a submission in `language` be graded now? Read at submission time (POST /api/submissions) and at read time
 * (GET /api/submissions/:id and its stream), from the same heartbeats as graderStatus(); never stored
 * (docs/adr/1103-submissions-without-a-grader.md).
 *   ready           a live worker passed its self-test and grades this language
 *   none-online     no live worker at all: workers may run elsewhere and be restarting, so a submission is accepted
 *                   and waits (the queue keeps it)
 *   none-can-grade  live workers exist but none grades this language (self-test failed): a new submission would only
 *                   sit in the queue, so it is refused (503 + Retry-After)
 */
export type GraderAvailability =
  | { state: "ready"; workers: number }
  | { state: "none-online" }
  | { state: "none-can-grade"; workers: number; reason: string };

/** The self-test record as a worker beats it; rows written by older workers may lack fields. */
type BeatStatus = Partial<SelfTestStatus> | null | undefined;

/**
 * Whether one worker takes jobs in `language`: a worker whose self-test failed in any language takes no jobs at all
 * (lib/grader/pipeline/worker.ts), so both its overall result and the language's own must be "ok".
 *
 * @example
 *   gradesLanguage({ ok: true, languages: { python: "ok", javascript: "ok", typescript: "ok" } }, "python") // → true
 */
export function gradesLanguage(status: BeatStatus, language: GradeLanguage): boolean {
  return status?.ok === true && status.languages?.[language] === "ok";
}

/**
 * The availability of graders for `language` among `workers` (live heartbeat rows, newest first).
 *
 * @example
 *   availabilityAmong([], "python") // → { state: "none-online" }
 *   availabilityAmong([{ status: { ok: false, reason: "python: self-test failed: …", languages } }], "python")
 *   // → { state: "none-can-grade", workers: 1, reason: "python: self-test failed: …" }
 */
export function availabilityAmong(workers: ReadonlyArray<{ status: unknown }>, language: GradeLanguage): GraderAvailability {
  if (workers.length === 0) return { state: "none-online" };
  const able = workers.filter((worker) => gradesLanguage(worker.status as BeatStatus, language)).length;
  if (able > 0) return { state: "ready", workers: able };
  const first = workers[0].status as BeatStatus;
  const own = first?.languages?.[language];
  const reason = own && own !== "ok" ? `${language}: ${own}` : (first?.reason ?? "self-test failed");
  return { state: "none-can-grade", workers: workers.length, reason };
}

/**
 * graderAvailability for `language` from the live workers' heartbeats.
 *
 * @example
 *   await graderAvailability("python") // → { state: "ready", workers: 1 }
 */
export async function graderAvailability(language: GradeLanguage): Promise<GraderAvailability> {
  return availabilityAmong(await listLiveWorkers(getPrisma(), FRESH_SECONDS), language);
}

const LANGUAGE_NAMES: Record<GradeLanguage, string> = { python: "Python", javascript: "JavaScript", typescript: "TypeScript" };

/** Seconds a client should wait before sending again when no grader can grade its language. */
export const GRADER_RETRY_AFTER_SECONDS = 30;

/**
 * What a candidate reads when a submission is refused because the live graders cannot grade its language. Names
 * no worker, path or internal reason (those are for operators, in /api/health).
 *
 * @example
 *   graderRefusalMessage("python")
 *   // → "No grader can run Python right now: the graders that are online failed their start-up self-test. …"
 */
export function graderRefusalMessage(language: GradeLanguage): string {
  return (
    `No grader can run ${LANGUAGE_NAMES[language]} right now: the graders that are online failed their start-up self-test. ` +
    `This is not a problem with your code, and nothing was submitted. Try again in a minute; if it persists, the site's operator has to fix the grader.`
  );
}

export type { GraderWait };

/**
 * The note a queued (or orphaned running) submission carries when nothing can pick it up; null when a grader can.
 *
 * @example
 *   graderWait({ state: "none-online" }, "python")
 *   // → { reason: "no-grader-online", message: "Waiting for a grader — none is online right now. …" }
 */
export function graderWait(availability: GraderAvailability, language: GradeLanguage): GraderWait | null {
  if (availability.state === "none-online") {
    return {
      reason: "no-grader-online",
      message: "Waiting for a grader — none is online right now. Your submission is saved and will be graded as soon as one starts.",
    };
  }
  if (availability.state === "none-can-grade") {
    return {
      reason: "no-grader-for-language",
      message: `Waiting for a grader — the graders online cannot run ${LANGUAGE_NAMES[language]} right now (their start-up self-test failed). Your submission is saved and will be graded once one can.`,
    };
  }
  return null;
}
