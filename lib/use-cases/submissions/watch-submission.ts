import "server-only";
/**
 * Waiting for news of a submission, for its event stream: resolves when the grader writes something for it
 * (PostgreSQL NOTIFY from the worker's result writes, lib/db/submissions/submission-changes.ts), after `ms` at the
 * latest, or after FAST_POLL_MS while the LISTEN connection is down (then streams poll as before). ADR 0906.
 *
 * @example
 *   submissionEventStream({ …, pollMs: SLOW_POLL_MS, wake: (ms, signal) => waitForSubmissionChange(id, ms, signal) });
 */
import { submissionChanges } from "@/lib/db/submissions/submission-changes";
import { databaseUrl } from "@/lib/db/database-config";

/** The fallback poll while notifications arrive (a missed one costs at most this much latency). */
export const SLOW_POLL_MS = 2_000;
/** The poll while the LISTEN connection is down. */
export const FAST_POLL_MS = 250;

export function waitForSubmissionChange(id: string, ms: number, signal?: AbortSignal): Promise<void> {
  const url = databaseUrl();
  if (!url) return new Promise((resolve) => setTimeout(resolve, Math.min(ms, FAST_POLL_MS)));
  const changes = submissionChanges(url);
  return changes.wait(id, changes.listening ? ms : Math.min(ms, FAST_POLL_MS), signal);
}
