/**
 * POST /playground/generate  { model, prompt, maxNewTokens, cache } → 200 application/x-ndjson, one JSON event per line
 * as the tokens are generated (lib/use-cases/playground/generate-text.ts: start, token…, done; or error mid-stream).
 *   422 invalid body, not a decoder model, prompt too long · 429 the playground's rate limit (guests by address,
 *   users by id, shared across processes) · 503 engine or database unavailable.
 * The generation stops when the client goes away (the stream is cancelled or the request aborted).
 */
import { withActor } from "@/lib/auth/guards";
import { clientAddress } from "@/lib/auth/client-address";
import { consumeRateLimit } from "@/lib/auth/rate-limit-window";
import { AppError } from "@/lib/errors";
import { observeRoute, requestLogger } from "@/lib/observability/http";
import { startGeneration } from "@/lib/use-cases/playground/generate-text";
import { knownError } from "@/lib/web/error-response";
import { playgroundLimit } from "../guest-rate-limit";

export const dynamic = "force-dynamic";

export const POST = observeRoute("/playground/generate", withActor(async (request, { actor }) => {
  const { key, rule } = playgroundLimit(actor, clientAddress(request.headers));
  if (!(await consumeRateLimit(key, rule)).allowed) {
    throw new AppError("RATE_LIMITED", "Too many playground requests; wait a minute.", undefined, { retryAfterSeconds: rule.windowSeconds });
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("INVALID_INPUT", "The request body must be JSON: { model, prompt, maxNewTokens, cache }.");
  }
  const run = await startGeneration(body);
  const stop = new AbortController();
  request.signal?.addEventListener("abort", () => stop.abort(), { once: true });
  const events = run.events(stop.signal);
  const encoder = new TextEncoder();
  const line = (value: unknown) => encoder.encode(`${JSON.stringify(value)}\n`);
  const logger = requestLogger();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await events.next();
        if (next.done) controller.close();
        else controller.enqueue(line(next.value));
      } catch (error) {
        // Headers are sent: a failure mid-stream becomes a last event, never a stack trace.
        const known = knownError(error);
        if (!known) logger.error({ event: "playground.generate_failed", err: error }, "playground generation failed");
        controller.enqueue(line({ type: "error", error: known?.code ?? "INTERNAL", message: known?.message ?? "The generation failed on our side." }));
        controller.close();
      }
    },
    async cancel() {
      stop.abort();
      await events.return(undefined);
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" } });
}), "playground");
