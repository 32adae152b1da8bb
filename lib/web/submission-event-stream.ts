/**
 * The server-sent-event stream of one submission (GET /api/submissions/:id/events), independent of Next and
 * auth so it can be tested on its own: it polls `load()` (which applies the owner check) and emits
 *   event: test    one test result, when it first appears or changes
 *   event: status  { status, verdict, score }, first immediately, then on every change
 *   event: done    the whole submission, once it is final; then the stream ends
 * Stops early when `signal` aborts, after `maxMs` (the client then falls back to polling GET), or when
 * `stillAuthorized()` — asked every `authorizeEveryMs` — answers false (the session was signed out or expired:
 * a stream must not outlive it). `onClose` runs once when the stream ends, however it ends.
 *
 * @example
 *   return new Response(submissionEventStream({ first, load: () => getSubmissionForApi({ actor, id }), signal: request.signal }),
 *     { headers: { "content-type": "text/event-stream" } });
 */
import { childLogger } from "@/lib/observability/log";

export interface StreamedSubmission {
  status: string;
  verdict: string | null;
  score: number | null;
  tests: { ordinal: number }[];
}

export function submissionEventStream<S extends StreamedSubmission>(opts: {
  first: S;
  load: () => Promise<S>;
  signal?: AbortSignal;
  pollMs?: number;
  maxMs?: number;
  stillAuthorized?: () => Promise<boolean>;
  authorizeEveryMs?: number;
  onClose?: () => void;
  /**
   * Resolves early when there may be news (a notification); the stream then loads at once instead of after pollMs.
   * It must also resolve at once for news that arrived since its previous call returned (while the stream was
   * loading) or since before `first` was read — a watch opened before the first read (watch-submission.ts) does.
   */
  wake?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}): ReadableStream<Uint8Array> {
  const pollMs = opts.pollMs ?? 250;
  const maxMs = opts.maxMs ?? 10 * 60 * 1000;
  const authorizeEveryMs = opts.authorizeEveryMs ?? 5_000;
  const wait = opts.wake ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      const sent = new Map<number, string>();
      let lastStatus = "";
      const started = Date.now();
      let authorizedAt = started;
      let current = opts.first;
      try {
        for (;;) {
          for (const test of current.tests) {
            const key = JSON.stringify(test);
            if (sent.get(test.ordinal) !== key) {
              sent.set(test.ordinal, key);
              send("test", test);
            }
          }
          const status = { status: current.status, verdict: current.verdict, score: current.score };
          if (JSON.stringify(status) !== lastStatus) {
            lastStatus = JSON.stringify(status);
            send("status", status);
          }
          if (current.status === "done" || current.status === "failed") {
            send("done", current);
            break;
          }
          if (opts.signal?.aborted || Date.now() - started > maxMs) break;
          await wait(pollMs, opts.signal);
          if (opts.signal?.aborted) break;
          if (opts.stillAuthorized && Date.now() - authorizedAt >= authorizeEveryMs) {
            if (!(await opts.stillAuthorized())) break;
            authorizedAt = Date.now();
          }
          current = await opts.load();
        }
      } catch (error) {
        childLogger({ component: "submissions-api" }).warn({ event: "submissions.event_stream_failed", err: error }, "submission event stream failed");
      } finally {
        opts.onClose?.();
        try {
          controller.close();
        } catch {
          /* already closed by a disconnected client */
        }
      }
    },
  });
}

/** Parses an SSE body into `{ event, data }` records (tests and CLI clients). */
export function parseEventStream(text: string): { event: string; data: unknown }[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
      const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
      return { event, data: JSON.parse(data) };
    });
}
