/**
 * GET /api/health — is this instance able to serve? 200 when the database is reachable and fully migrated,
 * 503 otherwise. Engine and grader status are reported when present; their problems are named plainly
 * (e.g. "bubblewrap is not installed") but never include paths, SQL or connection strings.
 */
import { observeRoute } from "@/lib/observability/http";
import { checkHealth } from "@/lib/use-cases/health/check-health";

export const dynamic = "force-dynamic";

export const GET = observeRoute("/api/health", async (): Promise<Response> => {
  const { ok, status, database, engine, grader } = await checkHealth();
  return Response.json(
    { status, database, engine, grader, time: new Date().toISOString() },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
