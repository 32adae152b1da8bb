/**
 * POST /api/submissions  { questionSlug, language, code, mode: "run"|"submit", customArgs? } → 201 { id }
 *   401 guest · 404 unknown or unpublished question · 422 invalid body (field messages) · 429 rate limit ·
 *   503 + Retry-After { error: "GRADER_UNAVAILABLE", message, retryAfterSeconds } when live graders exist but none can
 *   grade the language (nothing stored; with no live grader at all it is 201 and GET says it is waiting, ADR 1103)
 * GET  /api/submissions?question=SLUG → 200 { items: [{ id, questionSlug, language, mode, status, verdict, score,
 *   createdAt, finishedAt }], nextCursor }  (the caller's own submissions, newest first; ?cursor=ID for more)
 */
import { withUser } from "@/lib/auth/guards";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { listSubmissions } from "@/lib/use-cases/submissions/list-submissions";
import { observeRoute, requestLogger } from "@/lib/observability/http";
import { errorResponse } from "@/lib/web/error-response";
import { readJson } from "./respond";

export const dynamic = "force-dynamic";

export const POST = observeRoute("/api/submissions", withUser(async (request, { actor }) => {
  try {
    const { id } = await createSubmission({ actor, input: await readJson(request) });
    requestLogger().info({ event: "submission.created", submissionId: id, userId: actor.id }, "submission stored and enqueued");
    return Response.json({ id }, { status: 201, headers: { location: `/api/submissions/${id}` } });
  } catch (error) {
    return errorResponse(error);
  }
}), "submissions-api");

export const GET = observeRoute("/api/submissions", withUser(async (request, { actor }) => {
  try {
    const url = new URL(request.url);
    const question = url.searchParams.get("question") ?? undefined;
    const cursor = url.searchParams.get("cursor") ?? undefined;
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const { items, nextCursor } = await listSubmissions({
      actor,
      ...(question ? { questionSlug: question.slice(0, 80) } : {}),
      ...(cursor ? { cursor: cursor.slice(0, 64) } : {}),
      limit: Number.isFinite(limit) ? limit : 20,
    });
    return Response.json(
      {
        items: items.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), finishedAt: s.finishedAt ? s.finishedAt.toISOString() : null })),
        nextCursor,
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}), "submissions-api");
