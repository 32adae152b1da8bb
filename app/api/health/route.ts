/**
 * GET /api/health — is this instance able to serve? 200 when the database is reachable and fully migrated,
 * 503 otherwise. Engine and grader status are reported when present; their problems are named plainly
 * (e.g. "bubblewrap is not installed") but never include paths, SQL or connection strings.
 */
import { checkDatabase } from "@/lib/db/health";
import { observeRoute } from "@/lib/observability/http";
import { engineHealth, graderHealth } from "./checks";

export const dynamic = "force-dynamic";

export const GET = observeRoute("/api/health", async (): Promise<Response> => {
  const [database, engine, grader] = await Promise.all([checkDatabase(), engineHealth(), graderHealth()]);
  const ok = database.ok && engine.ok && grader.ok;
  return Response.json(
    { status: ok ? "ok" : "degraded", database, engine, grader, time: new Date().toISOString() },
    { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
