import "server-only";
/**
 * Records an answer in an active mock interview before its deadline (ADR 0605). A concept answer is its text (scored
 * when the interview ends, like a real interview where the reference comes afterwards); a coding answer attaches the
 * actor's latest Submit of that task made since the interview started (solved in the editor). Owner-only.
 *
 * @example
 *   await saveMockAnswer({ actor, id, slug: "kv-cache-basics", text: "The KV cache stores …" });
 *   await saveMockAnswer({ actor, id, slug: "semantic-vector", attachLatestSubmit: true }); // → { coding: { verdict: "AC", … } }
 */
import { z } from "zod";
import type { SignedInActor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { findMockSessionRow, saveMockAnswerRow } from "@/lib/db/mock/mock-sessions";
import { MAX_ANSWER_CHARS } from "@/lib/grader/concept/score-answer";
import { AppError } from "@/lib/errors";
import { codingResult, type MockCodingResult } from "./get-mock-session";
import { enforceRateLimit } from "@/lib/use-cases/limits/enforce-rate-limit";

const Text = z.string().max(MAX_ANSWER_CHARS);

export async function saveMockAnswer({
  actor,
  id,
  slug,
  text,
  attachLatestSubmit = false,
  now = new Date(),
}: {
  actor: SignedInActor;
  id: string;
  slug: string;
  text?: string;
  attachLatestSubmit?: boolean;
  now?: Date;
}): Promise<{ saved: true; coding?: MockCodingResult }> {
  await enforceRateLimit("mock-answer", { userId: actor.id });
  const row = await findMockSessionRow({ id, userId: actor.id });
  if (!row) throw new AppError("NOT_FOUND", "no such interview");
  const item = row.items.find((i) => i.slug === slug);
  if (!item) throw new AppError("INVALID_INPUT", "this question is not part of the interview", { slug: ["not in this interview"] });
  if (row.status !== "active" || row.deadline.getTime() <= now.getTime()) throw new AppError("CONFLICT", "time is up: answers are locked");

  if (item.kind === "concept") {
    const parsed = Text.safeParse(text ?? "");
    if (!parsed.success) throw new AppError("INVALID_INPUT", `answers are at most ${MAX_ANSWER_CHARS} characters`, { text: ["too long"] });
    const ok = await saveMockAnswerRow({ id, userId: actor.id, slug, answer: { kind: "concept", text: parsed.data, savedAt: now.toISOString() }, now });
    if (!ok) throw new AppError("CONFLICT", "time is up: answers are locked");
    return { saved: true };
  }

  if (!attachLatestSubmit) throw new AppError("INVALID_INPUT", "a coding task is answered by attaching a Submit", { slug: ["coding task"] });
  const submission = await prisma.submission.findFirst({
    where: { userId: actor.id, questionId: item.questionId, mode: "submit", createdAt: { gte: row.startedAt } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (!submission) throw new AppError("NOT_FOUND", "no submit for this task since the interview started");
  const ok = await saveMockAnswerRow({ id, userId: actor.id, slug, answer: { kind: "coding", submissionId: submission.id, attachedAt: now.toISOString() }, now });
  if (!ok) throw new AppError("CONFLICT", "time is up: answers are locked");
  return { saved: true, coding: (await codingResult(actor.id, submission.id)) ?? undefined };
}
