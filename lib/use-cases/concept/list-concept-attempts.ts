import "server-only";
import { prisma } from "@/lib/db/client";
import type { SignedInActor } from "@/lib/auth/actor";

export interface ConceptAttemptSummary {
  id: string;
  score: number;
  covered: number;
  total: number;
  createdAt: Date;
}

/**
 * The actor's latest answers to one question, newest first (only their own rows: the owner is part of the
 * where clause).
 *
 * @example
 * await listConceptAttempts({ actor, questionSlug: "llm-inference-key-steps", limit: 5 }) // → [{ score: 0.8, covered: 4, total: 5, … }]
 */
export async function listConceptAttempts({ actor, questionSlug, limit = 5 }: { actor: SignedInActor; questionSlug: string; limit?: number }): Promise<ConceptAttemptSummary[]> {
  const rows = await prisma.conceptAttempt.findMany({
    where: { userId: actor.id, question: { slug: questionSlug } },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 50),
    select: { id: true, score: true, coveredKeyPoints: true, createdAt: true },
  });
  return rows.map((r) => {
    const points = Array.isArray(r.coveredKeyPoints) ? (r.coveredKeyPoints as { covered?: boolean }[]) : [];
    return { id: r.id, score: r.score, covered: points.filter((p) => p?.covered === true).length, total: points.length, createdAt: r.createdAt };
  });
}
