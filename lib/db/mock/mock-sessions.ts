/**
 * MockSession rows (ADR 0605). Every read and write names the owner in its where clause, so a missed check above
 * cannot show or change someone else's interview: a wrong (id, userId) pair reads as "not found".
 */
import type { Prisma } from "../generated/prisma/client";
import { prisma } from "../client";

export interface MockItem {
  questionId: string;
  slug: string;
  kind: "concept" | "coding";
  difficulty: "easy" | "medium" | "hard";
  /** The time this question is budgeted in the plan. */
  minutes: number;
}

/** Per question slug. Concept: the text, and once scored the ConceptAttempt. Coding: the attached Submit. */
export type MockAnswer = { kind: "concept"; text: string; savedAt: string; attemptId?: string } | { kind: "coding"; submissionId: string; attachedAt: string };

export interface MockSessionRow {
  id: string;
  userId: string;
  locale: "zh" | "en";
  tag: string;
  minutes: number;
  status: "active" | "finished";
  startedAt: Date;
  deadline: Date;
  extendedAt: Date | null;
  finishedAt: Date | null;
  items: MockItem[];
  answers: Record<string, MockAnswer>;
}

function toRow(r: Prisma.MockSessionGetPayload<object>): MockSessionRow {
  return { ...r, items: r.items as unknown as MockItem[], answers: (r.answers ?? {}) as unknown as Record<string, MockAnswer> };
}

export async function createMockSessionRow(input: { userId: string; locale: "zh" | "en"; tag: string; minutes: number; startedAt: Date; deadline: Date; items: MockItem[] }): Promise<MockSessionRow> {
  const row = await prisma.mockSession.create({ data: { ...input, items: input.items as unknown as Prisma.InputJsonValue, answers: {} } });
  return toRow(row);
}

export async function findMockSessionRow({ id, userId }: { id: string; userId: string }): Promise<MockSessionRow | null> {
  const row = await prisma.mockSession.findFirst({ where: { id, userId } });
  return row ? toRow(row) : null;
}

export async function listMockSessionRows({ userId, limit }: { userId: string; limit: number }): Promise<MockSessionRow[]> {
  const rows = await prisma.mockSession.findMany({ where: { userId }, orderBy: { startedAt: "desc" }, take: limit });
  return rows.map(toRow);
}

/**
 * Stores one answer while the session is active and before its deadline (checked in the same statement, so an answer
 * racing the deadline cannot land after it). Returns false when nothing was written.
 */
export async function saveMockAnswerRow({ id, userId, slug, answer, now }: { id: string; userId: string; slug: string; answer: MockAnswer; now: Date }): Promise<boolean> {
  const count = await prisma.$executeRaw`
    UPDATE "MockSession" SET answers = jsonb_set(answers, ARRAY[${slug}]::text[], ${JSON.stringify(answer)}::jsonb, true), "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE id = ${id} AND "userId" = ${userId} AND status = 'active' AND deadline > (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  return count === 1;
}

/** Records the attempt a finished concept answer was scored as (allowed after the deadline: scoring happens at finish). */
export async function linkMockAttemptRow({ id, userId, slug, attemptId }: { id: string; userId: string; slug: string; attemptId: string }): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "MockSession" SET answers = jsonb_set(answers, ARRAY[${slug}, 'attemptId']::text[], to_jsonb(${attemptId}::text), true)
    WHERE id = ${id} AND "userId" = ${userId} AND answers ? ${slug}`;
}

/** The one extension: only while active, before the deadline, and never twice. */
export async function extendMockSessionRow({ id, userId, minutes, now }: { id: string; userId: string; minutes: number; now: Date }): Promise<boolean> {
  const count = await prisma.$executeRaw`
    UPDATE "MockSession" SET deadline = deadline + make_interval(mins => ${minutes}::int), "extendedAt" = (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE id = ${id} AND "userId" = ${userId} AND status = 'active' AND "extendedAt" IS NULL AND deadline > (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  return count === 1;
}

export async function finishMockSessionRow({ id, userId, now }: { id: string; userId: string; now: Date }): Promise<boolean> {
  const result = await prisma.mockSession.updateMany({ where: { id, userId, status: "active" }, data: { status: "finished", finishedAt: now } });
  return result.count === 1;
}
