import "server-only";
/**
 * One mock interview of the actor, as the page shows it (ADR 0605): the questions in order (title and prompt in the
 * session's language), the saved answers and the clock; once finished, the report — per question your answer, the
 * reference, the key points with the automatic check and your self-assessment (concept), or the attached Submit's
 * verdict and stage timings (coding). Owner-only: someone else's id reads as NOT_FOUND.
 *
 * @example
 *   const view = await getMockSession({ actor, id });
 *   view.status // "active" | "finished";  view.report?.items[0].reference
 */
import type { SignedInActor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { findMockSessionRow, type MockAnswer, type MockItem } from "@/lib/db/mock/mock-sessions";
import { pickContent } from "@/lib/db/questions/question-record";
import { AppError } from "@/lib/errors";

export interface MockQuestionView extends MockItem {
  title: string;
  body: string;
  contentLocale: "zh" | "en";
  answer: MockAnswer | null;
  /** The attached Submit's verdict and timings (coding). */
  coding: MockCodingResult | null;
}

export interface MockCodingResult {
  submissionId: string;
  verdict: string | null;
  status: string;
  tests: number;
  wallMs: number;
  inputMs: number;
  forwardMs: number;
  postMs: number;
}

export interface MockReportItem {
  slug: string;
  kind: "concept" | "coding";
  reference: string;
  explanation: string;
  keyPoints: string[];
  concept: { attemptId: string; score: number; keyPoints: { text: string; covered: boolean; contradicted: boolean }[]; selfAssessment: string[] | null } | null;
  coding: MockCodingResult | null;
}

export interface MockSessionView {
  id: string;
  tag: string;
  minutes: number;
  status: "active" | "finished";
  startedAt: Date;
  deadline: Date;
  extended: boolean;
  finishedAt: Date | null;
  locale: "zh" | "en";
  questions: MockQuestionView[];
  report: { items: MockReportItem[] } | null;
}

/** Sums of a submission's stage timings (host clock, ms), for the report. */
export async function codingResult(userId: string, submissionId: string): Promise<MockCodingResult | null> {
  const s = await prisma.submission.findFirst({
    where: { id: submissionId, userId },
    select: { id: true, verdict: true, status: true, results: { select: { wallMs: true, inputMs: true, forwardMs: true, postMs: true } } },
  });
  if (!s) return null;
  const sum = (k: "wallMs" | "inputMs" | "forwardMs" | "postMs") => s.results.reduce((a, r) => a + r[k], 0);
  return { submissionId: s.id, verdict: s.verdict, status: s.status, tests: s.results.length, wallMs: sum("wallMs"), inputMs: sum("inputMs"), forwardMs: sum("forwardMs"), postMs: sum("postMs") };
}

export async function getMockSession({ actor, id }: { actor: SignedInActor; id: string }): Promise<MockSessionView> {
  if (typeof id !== "string" || id.length === 0 || id.length > 64) throw new AppError("NOT_FOUND", "no such interview");
  const row = await findMockSessionRow({ id, userId: actor.id });
  if (!row) throw new AppError("NOT_FOUND", "no such interview");
  const questions = await prisma.question.findMany({
    where: { id: { in: row.items.map((i) => i.questionId) } },
    select: { id: true, contents: { select: { locale: true, title: true, body: true, answer: true, explanation: true, keyPoints: true } } },
  });
  const contentOf = new Map(questions.map((q) => [q.id, pickContent(q.contents, row.locale)]));
  const view: MockSessionView = {
    id: row.id,
    tag: row.tag,
    minutes: row.minutes,
    status: row.status,
    startedAt: row.startedAt,
    deadline: row.deadline,
    extended: row.extendedAt !== null,
    finishedAt: row.finishedAt,
    locale: row.locale,
    questions: await Promise.all(
      row.items.map(async (item) => {
        const c = contentOf.get(item.questionId);
        const answer = row.answers[item.slug] ?? null;
        return {
          ...item,
          title: c?.title ?? item.slug,
          body: c?.body ?? "",
          contentLocale: (c?.locale ?? row.locale) as "zh" | "en",
          answer,
          coding: answer?.kind === "coding" ? await codingResult(actor.id, answer.submissionId) : null,
        };
      }),
    ),
    report: null,
  };
  if (row.status !== "finished") return view;

  const attemptIds = Object.values(row.answers).flatMap((a) => (a.kind === "concept" && a.attemptId ? [a.attemptId] : []));
  const attempts = await prisma.conceptAttempt.findMany({ where: { id: { in: attemptIds }, userId: actor.id }, select: { id: true, score: true, coveredKeyPoints: true, selfAssessment: true } });
  const attemptOf = new Map(attempts.map((a) => [a.id, a]));
  const items: MockReportItem[] = [];
  for (const item of row.items) {
    const c = contentOf.get(item.questionId);
    const answer = row.answers[item.slug];
    const attempt = answer?.kind === "concept" && answer.attemptId ? attemptOf.get(answer.attemptId) : undefined;
    items.push({
      slug: item.slug,
      kind: item.kind,
      reference: c?.answer ?? "",
      explanation: c?.explanation ?? "",
      keyPoints: c?.keyPoints ?? [],
      concept: attempt
        ? {
            attemptId: attempt.id,
            score: attempt.score,
            keyPoints: (Array.isArray(attempt.coveredKeyPoints) ? (attempt.coveredKeyPoints as { text?: string; covered?: boolean; contradicted?: boolean }[]) : []).map((k) => ({
              text: String(k?.text ?? ""),
              covered: k?.covered === true,
              contradicted: k?.contradicted === true,
            })),
            selfAssessment: Array.isArray(attempt.selfAssessment) ? (attempt.selfAssessment as string[]) : null,
          }
        : null,
      coding: view.questions.find((q) => q.slug === item.slug)?.coding ?? null,
    });
  }
  view.report = { items };
  return view;
}
