/**
 * Route handler instrumentation: `observeRoute(route, handler)` gives every request an id (echoed back in
 * `x-request-id`), a request-scoped logger reachable from anywhere below the handler via `requestLogger()`, one
 * access log line, and an observation in clockwise_http_request_duration_seconds. `route` is the pattern
 * ("/api/submissions/[id]"), never the concrete path, so the metric's label values stay few.
 *
 * For a streaming response (SSE) the duration and status are those of the response headers; the stream itself
 * is not timed.
 *
 * @example
 *   export const GET = observeRoute("/api/submissions/[id]", withUser(async (request, { actor, params }) => …));
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { childLogger, type Logger } from "./log";
import { getMetrics } from "./metrics";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";

interface RequestScope {
  requestId: string;
  logger: Logger;
}

const scope = new AsyncLocalStorage<RequestScope>();

/**
 * The logger of the request being handled (carrying its requestId), or a plain `component` logger outside one.
 *
 * @example
 *   requestLogger("submissions-api").error({ err }, "submission route failed");
 */
export function requestLogger(component = "http"): Logger {
  return scope.getStore()?.logger ?? childLogger({ component });
}

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

/** Sets x-request-id, copying the response when its headers are immutable (e.g. Response.redirect). */
function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

export function observeRoute<C>(route: string, handler: (request: Request, context: C) => Promise<Response>, component = "http"): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const requestId = requestIdFrom(request.headers);
    const logger = childLogger({ component, requestId });
    const started = performance.now();
    let response: Response;
    try {
      response = await scope.run({ requestId, logger }, () => handler(request, context));
    } catch (error) {
      // The handlers answer their own errors; this is the net under them. No details reach the client.
      logger.error({ event: "http.unhandled", route, method: request.method, err: error }, "unhandled error in route handler");
      response = Response.json({ error: "INTERNAL", message: "Something went wrong on our side." }, { status: 500 });
    }
    const seconds = (performance.now() - started) / 1000;
    const status = String(response.status);
    try {
      getMetrics().httpDuration.observe({ route, method: request.method, status }, seconds);
    } catch (error) {
      logger.warn({ event: "metrics.observe_failed", err: error }, "could not record request duration");
    }
    const line = { event: "http.request", route, method: request.method, status: response.status, durationMs: Math.round(seconds * 10_000) / 10 };
    if (response.status >= 500) logger.error(line, "request failed");
    else logger.info(line, "request");
    return withRequestId(response, requestId);
  };
}
