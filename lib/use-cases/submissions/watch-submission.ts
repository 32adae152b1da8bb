import "server-only";
/**
 * Watching a submission for its event stream: opened BEFORE the stream's first read, so news that arrives while a
 * read is in flight is kept and the next wait returns at once (lib/db/submissions/submission-changes.ts). A wait
 * resolves when the grader writes something for the submission (PostgreSQL NOTIFY from the worker's result writes),
 * when the LISTEN connection is lost or regained, after `ms` at the latest, or after FAST_POLL_MS while the LISTEN
 * connection is down (then streams poll as before). ADR 0906.
 *
 * @example
 *   const watch = watchSubmission(id);           // before the first read
 *   const first = await getSubmissionForApi({ actor, id });
 *   submissionEventStream({ first, …, pollMs: SLOW_POLL_MS, wake: watch.wait, onClose: watch.close });
 */
import { submissionChanges, type WakeReason } from "@/lib/db/submissions/submission-changes";
import { databaseUrl } from "@/lib/db/database-config";

/** The fallback poll while notifications arrive (only a connection that died silently leaves a stream waiting this long). */
export const SLOW_POLL_MS = 2_000;
/** The poll while the LISTEN connection is down. */
export const FAST_POLL_MS = 250;

export interface SubmissionWatcher {
  wait: (ms: number, signal?: AbortSignal) => Promise<WakeReason>;
  close: () => void;
}

export function watchSubmission(id: string): SubmissionWatcher {
  const url = databaseUrl();
  if (!url) {
    return {
      wait: (ms) => new Promise((resolve) => setTimeout(() => resolve("timeout"), Math.min(ms, FAST_POLL_MS))),
      close: () => undefined,
    };
  }
  const changes = submissionChanges(url);
  const watch = changes.watch(id);
  return {
    wait: (ms, signal) => watch.wait(changes.listening ? ms : Math.min(ms, FAST_POLL_MS), signal),
    close: () => watch.close(),
  };
}
