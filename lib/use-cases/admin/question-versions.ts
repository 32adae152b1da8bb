import "server-only";
/**
 * A question's history: the list of versions (who, when, what changed), the diff between two versions, and
 * restoring an old version (saved as a NEW version, so history is never rewritten; optimistic locking applies).
 *
 * @example
 *   await listQuestionVersions({ actor, slug })                       // → [{ version: 3, summary: "content.zh.body", author: {...} }, ...]
 *   await diffQuestionVersions({ actor, slug, from: 1, to: 3 })       // → { fields: [{ path: "content.zh.body", lines: [...] }] }
 *   await restoreQuestionVersion({ actor, slug, version: 1, expectedVersion: 3 }) // → { version: 4 }
 */
import { QuestionSchema, type Question } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { AppError, fieldErrorsFromIssues } from "@/lib/errors";
import { VersionConflict, writeQuestion } from "@/lib/db/questions/question-record";
import { assertAdmin } from "./admin-actor";
import { questionTarget, recordAudit } from "./audit";
import { changedFields, summarizeChanges } from "./question-changes";
import { assertPublishable, loadQuestionState } from "./question-state";
import { CONFLICT_MESSAGE } from "./save-question";
import { lineDiff, type DiffLine } from "./text-diff";

export interface QuestionVersionEntry {
  version: number;
  summary: string;
  createdAt: Date;
  author: { id: string; name: string; email: string } | null;
}

export async function listQuestionVersions({ actor, slug }: { actor: Actor; slug: string }): Promise<{ current: number; versions: QuestionVersionEntry[] }> {
  assertAdmin(actor);
  const question = await prisma.question.findUnique({ where: { slug }, select: { id: true, version: true } });
  if (!question) throw new AppError("NOT_FOUND", `No question "${slug}".`);
  const rows = await prisma.questionVersion.findMany({
    where: { questionId: question.id },
    orderBy: { version: "desc" },
    select: { version: true, summary: true, createdAt: true, author: { select: { id: true, name: true, email: true } } },
  });
  return { current: question.version, versions: rows };
}

async function loadSnapshot(slug: string, version: number): Promise<Question> {
  const row = await prisma.questionVersion.findFirst({ where: { question: { slug }, version }, select: { snapshot: true } });
  if (!row) throw new AppError("NOT_FOUND", `"${slug}" has no version ${version}.`);
  const parsed = QuestionSchema.safeParse(row.snapshot);
  // A snapshot written under an older bank schema may no longer parse; say so instead of failing obscurely.
  if (!parsed.success) throw new AppError("INVALID_INPUT", `Version ${version} no longer matches the question format.`, fieldErrorsFromIssues(parsed.error.issues));
  return parsed.data;
}

export interface FieldDiff {
  path: string;
  before: unknown;
  after: unknown;
  /** Line diff when both sides are text. */
  lines?: DiffLine[];
}

function valueAt(question: Question, path: string): unknown {
  let value: unknown = question;
  for (const key of path.split(".")) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

export async function diffQuestionVersions({ actor, slug, from, to }: { actor: Actor; slug: string; from: number; to: number }): Promise<{ from: number; to: number; fields: FieldDiff[] }> {
  assertAdmin(actor);
  const [a, b] = await Promise.all([loadSnapshot(slug, from), loadSnapshot(slug, to)]);
  const fields = changedFields(a, b).map((change) => {
    const path = change.replace(/ \(.*\)$/, "");
    const before = valueAt(a, path);
    const after = valueAt(b, path);
    const lines = typeof before === "string" && typeof after === "string" ? lineDiff(before, after) : undefined;
    return { path: change, before, after, ...(lines ? { lines } : {}) };
  });
  return { from, to, fields };
}

export async function restoreQuestionVersion({
  actor,
  slug,
  version,
  expectedVersion,
}: {
  actor: Actor;
  slug: string;
  version: number;
  expectedVersion: number;
}): Promise<{ slug: string; version: number; summary: string }> {
  const admin = assertAdmin(actor);
  const current = await loadQuestionState(prisma, slug);
  if (!current) throw new AppError("NOT_FOUND", `No question "${slug}".`);
  if (current.deletedAt) throw new AppError("NOT_FOUND", `"${slug}" is deleted; restore it before restoring a version.`);
  if (current.version !== expectedVersion) throw new AppError("CONFLICT", CONFLICT_MESSAGE);
  const snapshot = await loadSnapshot(slug, version);
  await assertPublishable(snapshot, current.question);
  const summary = `restored v${version}: ${summarizeChanges(current.question, snapshot)}`.slice(0, 500);
  try {
    const written = await prisma.$transaction(async (tx) => {
      const saved = await writeQuestion(tx, snapshot, { existing: { id: current.id, version: expectedVersion }, authorId: admin.id, summary });
      await recordAudit(tx, admin, "question.restore-version", questionTarget(slug), { restored: version, version: saved.version });
      return saved;
    });
    return { slug, version: written.version, summary };
  } catch (error) {
    if (error instanceof VersionConflict) throw new AppError("CONFLICT", CONFLICT_MESSAGE);
    throw error;
  }
}
