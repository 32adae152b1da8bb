/**
 * GET /api/submissions/:id/events → text/event-stream following one submission until it is final:
 *   event: status  data: { status, verdict, score }        on every status change (first one immediately)
 *   event: test    data: one test as in GET /api/submissions/:id   as each result is stored
 *   event: done    data: the whole submission                       once, then the stream ends
 * The database is polled every 250 ms (results are written by workers in other processes). Owner or admin only
 * (404 otherwise, before the stream starts). A client that loses the stream falls back to GET.
 */
import { withUser } from "@/lib/auth/guards";
import { getSubmissionForApi, type ApiSubmission } from "@/lib/db/submissions/get-submission-for-api";
import { submissionErrorResponse } from "../../respond";

export const dynamic = "force-dynamic";

const POLL_MS = 250;
/** A stream is closed after this even if grading has not finished; the client then polls. */
const MAX_STREAM_MS = 10 * 60 * 1000;

export const GET = withUser<{ id: string }>(async (request, { actor, params }) => {
  let first: ApiSubmission;
  const id = String((await params).id).slice(0, 64);
  try {
    first = await getSubmissionForApi({ actor, id });
  } catch (error) {
    return submissionErrorResponse(error);
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      const sent = new Map<number, string>();
      let lastStatus = "";
      const started = Date.now();
      let current = first;
      try {
        for (;;) {
          for (const test of current.tests) {
            const key = JSON.stringify(test);
            if (sent.get(test.ordinal) !== key) {
              sent.set(test.ordinal, key);
              send("test", test);
            }
          }
          const status = JSON.stringify({ status: current.status, verdict: current.verdict, score: current.score });
          if (status !== lastStatus) {
            lastStatus = status;
            send("status", JSON.parse(status));
          }
          if (current.status === "done" || current.status === "failed") {
            send("done", current);
            break;
          }
          if (request.signal.aborted || Date.now() - started > MAX_STREAM_MS) break;
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          if (request.signal.aborted) break;
          current = await getSubmissionForApi({ actor, id });
        }
      } catch (error) {
        console.error("[clockwise] submission event stream failed", (error as Error).message);
      } finally {
        try {
          controller.close();
        } catch {
          /* already closed by a disconnected client */
        }
      }
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no", connection: "keep-alive" },
  });
});
