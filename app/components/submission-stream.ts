/**
 * Following one submission from the browser: the SSE stream (`test`, `status` and `waiting` events, then `done`
 * with the whole submission) fills the results in live; if the stream fails (proxy buffering, old browser, server restart) it falls back
 * to polling GET /api/submissions/:id until the submission is finished.
 */
import { isFinished, type StatusEvent, type SubmissionView, type TestResultView, type WaitingEvent } from "@/lib/grader/submission-contract";

/** Adds or replaces one test result (by ordinal), keeping the list sorted. */
export function mergeTest(submission: SubmissionView, test: TestResultView): SubmissionView {
  const tests = submission.tests.filter((x) => x.ordinal !== test.ordinal);
  tests.push(test);
  tests.sort((a, b) => a.ordinal - b.ordinal);
  return { ...submission, tests };
}

export function mergeStatus(submission: SubmissionView, event: StatusEvent): SubmissionView {
  return { ...submission, status: event.status, verdict: event.verdict, score: event.score };
}

export async function fetchSubmission(id: string, signal?: AbortSignal): Promise<SubmissionView> {
  const res = await fetch(`/api/submissions/${encodeURIComponent(id)}`, { cache: "no-store", signal });
  if (!res.ok) throw new Error(`GET /api/submissions/${id}: ${res.status}`);
  return (await res.json()) as SubmissionView;
}

const POLL_MS = 1000;

/**
 * Streams updates for a submission into `onUpdate` until it is finished; returns a function that stops
 * following. The final state always comes from a full GET, so nothing missed by the stream is lost.
 */
export function followSubmission(initial: SubmissionView, onUpdate: (s: SubmissionView) => void): () => void {
  let current = initial;
  let stopped = false;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const abort = new AbortController();

  const emit = (next: SubmissionView) => {
    current = next;
    if (!stopped) onUpdate(next);
  };

  const finish = async () => {
    source?.close();
    try {
      emit(await fetchSubmission(current.id, abort.signal));
    } catch {
      /* keep what the stream delivered */
    }
    stopped = true;
  };

  const poll = async () => {
    if (stopped) return;
    try {
      const s = await fetchSubmission(current.id, abort.signal);
      emit(s);
      if (isFinished(s.status)) {
        stopped = true;
        return;
      }
    } catch {
      /* transient: try again */
    }
    timer = setTimeout(poll, POLL_MS);
  };

  if (typeof EventSource === "undefined") {
    void poll();
  } else {
    source = new EventSource(`/api/submissions/${encodeURIComponent(initial.id)}/events`);
    source.addEventListener("test", (e) => {
      emit(mergeTest(current, JSON.parse((e as MessageEvent<string>).data) as TestResultView));
    });
    source.addEventListener("status", (e) => {
      emit(mergeStatus(current, JSON.parse((e as MessageEvent<string>).data) as StatusEvent));
    });
    source.addEventListener("waiting", (e) => {
      emit({ ...current, waiting: (JSON.parse((e as MessageEvent<string>).data) as WaitingEvent).waiting });
    });
    // The stream ends with `done` carrying the whole final submission.
    source.addEventListener("done", (e) => {
      source?.close();
      emit(JSON.parse((e as MessageEvent<string>).data) as SubmissionView);
      stopped = true;
    });
    source.addEventListener("error", () => {
      if (stopped) return;
      // The stream broke (or ended without `done`): read the final state, or poll until there is one.
      source?.close();
      source = null;
      if (isFinished(current.status)) void finish();
      else void poll();
    });
  }

  return () => {
    stopped = true;
    source?.close();
    abort.abort();
    if (timer) clearTimeout(timer);
  };
}
