/**
 * GET /api/submissions/:id/events → text/event-stream following one submission until it is final:
 *   event: status  data: { status, verdict, score }        on every status change (first one immediately)
 *   event: test    data: one test as in GET /api/submissions/:id   as each result is stored
 *   event: done    data: the whole submission                       once, then the stream ends
 * The stream wakes when the grader's writes NOTIFY (any machine; lib/db/submissions/submission-changes.ts) and
 * polls every 2 s as the fallback (every 250 ms while the LISTEN connection is down). It starts watching before its
 * first read, so a notification that lands while a read is in flight is not lost (it would cost the 2 s poll). Owner or admin only
 * (404 otherwise, before the stream starts). A client that loses the stream falls back to GET.
 * At most MAX_STREAMS_PER_SUBMISSION streams per submission and MAX_STREAMS_PER_USER per user are open at once
 * (429 RATE_LIMITED past that, lib/web/stream-slots.ts), and the session is checked again every 5 s: a stream ends
 * soon after its session is signed out or expires (ADR 0906).
 */
import { withUser } from "@/lib/auth/guards";
import { getActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { submissionStreamSlots } from "@/lib/web/stream-slots";
import { SLOW_POLL_MS, watchSubmission } from "@/lib/use-cases/submissions/watch-submission";
import { getSubmissionForApi } from "@/lib/use-cases/submissions/get-submission-for-api";
import { submissionEventStream } from "@/lib/web/submission-event-stream";
import { observeRoute } from "@/lib/observability/http";
import { errorResponse } from "@/lib/web/error-response";
import { withWaitingEvents } from "./waiting-events";

export const dynamic = "force-dynamic";

export const GET = observeRoute("/api/submissions/[id]/events", withUser<{ id: string }>(async (request, { actor, params }) => {
  const id = String((await params).id).slice(0, 64);
  // Watch first, then read: news committed after this point wakes the stream even if it lands during a read.
  const watch = watchSubmission(id);
  let first;
  try {
    first = await getSubmissionForApi({ actor, id });
  } catch (error) {
    watch.close();
    return errorResponse(error);
  }
  const release = submissionStreamSlots.acquire(actor.id, id);
  if (!release) {
    watch.close();
    return errorResponse(new AppError("RATE_LIMITED", "Too many open progress streams; close another tab or wait.", undefined, { retryAfterSeconds: 5 }));
  }
  // The same session (cookie) must still resolve to the same user; signing out deletes the session row.
  const headers = new Headers(request.headers);
  const stillAuthorized = async () => (await getActor(headers).catch(() => null))?.id === actor.id;
  const stream = withWaitingEvents(first, () => getSubmissionForApi({ actor, id }), (first, load) =>
    submissionEventStream({
      first,
      load,
      signal: request.signal,
      stillAuthorized,
      onClose: () => {
        watch.close();
        release();
      },
      pollMs: SLOW_POLL_MS,
      wake: watch.wait,
    }),
  );
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}), "submissions-api");
