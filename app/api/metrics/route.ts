/**
 * GET /api/metrics — Prometheus text exposition (text/plain; version=0.0.4) of lib/observability/metrics.ts.
 * Off (404) unless CLOCKWISE_METRICS_TOKEN is set; then `Authorization: Bearer <token>` is required (401).
 * Database-backed metrics (queue depth, verdicts, submission latency) are read on each scrape, so they are
 * correct across every grader worker; docs/adr/1001-observability.md explains the choices.
 */
import { getMetrics } from "@/lib/observability/metrics";
import { metricsAccess } from "@/lib/observability/metrics-access";
import { childLogger } from "@/lib/observability/log";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const access = metricsAccess(request.headers);
  if (!access.allowed) {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (access.status === 401) headers["www-authenticate"] = 'Bearer realm="clockwise-metrics"';
    return Response.json({ error: access.status === 401 ? "UNAUTHORIZED" : "NOT_FOUND", message: access.reason }, { status: access.status, headers });
  }
  try {
    const { registry } = getMetrics();
    return new Response(await registry.metrics(), { status: 200, headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
  } catch (error) {
    childLogger({ component: "metrics" }).error({ event: "metrics.scrape_failed", err: error }, "metrics scrape failed");
    return Response.json({ error: "INTERNAL", message: "Something went wrong on our side." }, { status: 500 });
  }
}
