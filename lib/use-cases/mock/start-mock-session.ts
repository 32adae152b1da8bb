import "server-only";
/**
 * Starts a mock interview stored on the server (ADR 0605): random published questions of one topic, concept and
 * coding mixed by the time budget (plan-mock-interview.ts). When no coding task of the topic fits the budget, an easy
 * task of the whole bank is borrowed, so every interview of 20 minutes or more has an exercise.
 *
 * @example
 *   const session = await startMockSession({ actor, tag: "kv-cache", minutes: 30, locale: "zh" });
 *   session.id // → "cm…";  open /mock/<id>
 */
import { z } from "zod";
import type { SignedInActor } from "@/lib/auth/actor";
import { TAG_NAMES } from "@/lib/bank/tags";
import { prisma } from "@/lib/db/client";
import { createMockSessionRow } from "@/lib/db/mock/mock-sessions";
import { AppError } from "@/lib/errors";
import { MOCK_DURATIONS, planMockInterview, type MockCandidate } from "./plan-mock-interview";

const Input = z.object({ tag: z.enum(TAG_NAMES), minutes: z.number().refine((m) => (MOCK_DURATIONS as readonly number[]).includes(m), "unsupported duration") });

async function randomQuestions(kind: "concept" | "coding", tag: string | null, limit: number): Promise<MockCandidate[]> {
  const rows = tag
    ? await prisma.$queryRawUnsafe<MockCandidate[]>(
        `SELECT id AS "questionId", slug, kind::text AS kind, difficulty::text AS difficulty FROM "Question"
         WHERE status = 'published' AND "deletedAt" IS NULL AND kind = $1::"QuestionKind" AND tags @> ARRAY[$2]::text[] ORDER BY random() LIMIT $3`,
        kind,
        tag,
        limit,
      )
    : await prisma.$queryRawUnsafe<MockCandidate[]>(
        `SELECT id AS "questionId", slug, kind::text AS kind, difficulty::text AS difficulty FROM "Question"
         WHERE status = 'published' AND "deletedAt" IS NULL AND kind = $1::"QuestionKind" AND difficulty = 'easy' ORDER BY random() LIMIT $2`,
        kind,
        limit,
      );
  return rows;
}

export async function startMockSession({ actor, tag, minutes, locale, now = new Date() }: { actor: SignedInActor; tag: string; minutes: number; locale: "zh" | "en"; now?: Date }): Promise<{ id: string }> {
  const parsed = Input.safeParse({ tag, minutes });
  if (!parsed.success) throw new AppError("INVALID_INPUT", "pick a known topic and a duration of 10, 20, 30 or 45 minutes", { tag: parsed.error.issues.map((i) => i.message) });
  const [concept, codingOfTopic] = await Promise.all([randomQuestions("concept", parsed.data.tag, 9), randomQuestions("coding", parsed.data.tag, 4)]);
  let items = planMockInterview({ minutes: parsed.data.minutes, concept, coding: codingOfTopic });
  // No coding task of the topic fits the budget (none, or all too long): borrow an easy one from the whole bank.
  if (parsed.data.minutes >= 20 && !items.some((i) => i.kind === "coding")) {
    items = planMockInterview({ minutes: parsed.data.minutes, concept, coding: await randomQuestions("coding", null, 4) });
  }
  if (items.length === 0) throw new AppError("NOT_FOUND", "no questions for this topic yet");
  const row = await createMockSessionRow({
    userId: actor.id,
    locale,
    tag: parsed.data.tag,
    minutes: parsed.data.minutes,
    startedAt: now,
    deadline: new Date(now.getTime() + parsed.data.minutes * 60_000),
    items: items.map((i) => ({ questionId: i.questionId, slug: i.slug, kind: i.kind, difficulty: i.difficulty, minutes: i.minutes })),
  });
  return { id: row.id };
}
