/**
 * Adds `event: waiting  data: { waiting }` to a submission's event stream (lib/grader/pipeline/event-stream.ts):
 * right after the stream's first event when the submission starts out waiting for a grader (the first event stays
 * what it always was), then whenever that changes, including back to `{ waiting: null }` once a grader can take it. `waiting` is read from heartbeats on every poll (ADR 1103); the
 * inner stream's own events pass through unchanged, so clients that ignore `waiting` see the same stream as before.
 *
 * @example
 *   const stream = withWaitingEvents(first, load, (first, load) => submissionEventStream({ first, load, signal }));
 */
import type { GraderWait } from "@/lib/grader/submission-contract";

export function withWaitingEvents<S extends { waiting: GraderWait | null }>(
  first: S,
  load: () => Promise<S>,
  stream: (first: S, load: () => Promise<S>) => ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const event = (waiting: GraderWait | null) => encoder.encode(`event: waiting\ndata: ${JSON.stringify({ waiting })}\n\n`);
  let last = JSON.stringify(first.waiting);
  let outer: ReadableStreamDefaultController<Uint8Array> | undefined;
  const watched = async () => {
    const next = await load();
    const key = JSON.stringify(next.waiting);
    if (key !== last) {
      last = key;
      try {
        outer?.enqueue(event(next.waiting));
      } catch {
        /* the client went away; the inner stream stops on the request's abort signal */
      }
    }
    return next;
  };
  const reader = stream(first, watched).getReader();
  let initial: Uint8Array | null = first.waiting ? event(first.waiting) : null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      outer = controller;
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      controller.enqueue(value);
      if (initial) controller.enqueue(initial);
      initial = null;
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
