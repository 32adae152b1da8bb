import "server-only";
import type { SignedInActor } from "@/lib/auth/actor";
import { listMockSessionRows } from "@/lib/db/mock/mock-sessions";

export interface MockSessionSummary {
  id: string;
  tag: string;
  minutes: number;
  status: "active" | "finished";
  startedAt: Date;
  deadline: Date;
  questions: number;
  answered: number;
}

/**
 * The actor's interviews, newest first, for the history on /mock. An active one past its deadline is listed as it is;
 * opening it finishes it.
 *
 * @example
 * await listMockSessions({ actor }) // → [{ id, tag: "kv-cache", minutes: 30, status: "finished", questions: 5, answered: 4, … }]
 */
export async function listMockSessions({ actor, limit = 20 }: { actor: SignedInActor; limit?: number }): Promise<MockSessionSummary[]> {
  const rows = await listMockSessionRows({ userId: actor.id, limit: Math.min(Math.max(limit, 1), 100) });
  return rows.map((r) => ({
    id: r.id,
    tag: r.tag,
    minutes: r.minutes,
    status: r.status,
    startedAt: r.startedAt,
    deadline: r.deadline,
    questions: r.items.length,
    answered: r.items.filter((i) => {
      const a = r.answers[i.slug];
      return a ? (a.kind === "concept" ? a.text.trim().length > 0 : true) : false;
    }).length,
  }));
}
