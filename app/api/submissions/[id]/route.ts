/**
 * GET /api/submissions/:id → the submission with its per-test results (shape: ApiSubmission in
 * lib/use-cases/submissions/get-submission-for-api.ts). Only the owner or an admin; anyone else gets 404.
 */
import { withUser } from "@/lib/auth/guards";
import { getSubmissionForApi } from "@/lib/use-cases/submissions/get-submission-for-api";
import { observeRoute } from "@/lib/observability/http";
import { errorResponse } from "@/lib/web/error-response";

export const dynamic = "force-dynamic";

export const GET = observeRoute("/api/submissions/[id]", withUser<{ id: string }>(async (_request, { actor, params }) => {
  try {
    const { id } = await params;
    const view = await getSubmissionForApi({ actor, id: String(id).slice(0, 64) });
    return Response.json(view, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}), "submissions-api");
