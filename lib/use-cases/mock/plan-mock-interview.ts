/**
 * How a mock interview's time is spent (ADR 0605): coding tasks take 10 / 15 / 20 minutes (easy / medium / hard),
 * concept questions 5. Every 20 minutes buy one coding task (the easiest of the topic first), the rest is concept
 * questions, at least one. Pure, so the budget rules are unit-tested without a database.
 *
 * @example
 * planMockInterview({ minutes: 30, concept: [c1, c2, c3, c4], coding: [easyTask, hardTask] })
 * // → [easyTask (10 min), c1, c2, c3, c4 (5 min each)]  = 30 min
 */
export const MOCK_DURATIONS = [10, 20, 30, 45] as const;
export const CONCEPT_MINUTES = 5;
export const CODING_MINUTES = { easy: 10, medium: 15, hard: 20 } as const;

export interface MockCandidate {
  questionId: string;
  slug: string;
  kind: "concept" | "coding";
  difficulty: "easy" | "medium" | "hard";
}

export interface PlannedItem extends MockCandidate {
  minutes: number;
}

const ORDER = { easy: 0, medium: 1, hard: 2 } as const;

export function planMockInterview({ minutes, concept, coding }: { minutes: number; concept: readonly MockCandidate[]; coding: readonly MockCandidate[] }): PlannedItem[] {
  let left = minutes;
  const plan: PlannedItem[] = [];
  const wantCoding = Math.floor(minutes / 20);
  const tasks = [...coding].sort((a, b) => ORDER[a.difficulty] - ORDER[b.difficulty]);
  for (const task of tasks) {
    if (plan.length >= wantCoding) break;
    const cost = CODING_MINUTES[task.difficulty];
    // Keep room for at least one concept question.
    if (cost + CONCEPT_MINUTES > left) continue;
    plan.push({ ...task, minutes: cost });
    left -= cost;
  }
  for (const question of concept) {
    if (left < CONCEPT_MINUTES && plan.some((p) => p.kind === "concept")) break;
    plan.push({ ...question, minutes: CONCEPT_MINUTES });
    left -= CONCEPT_MINUTES;
  }
  // Concept questions first, easiest first; coding tasks at the end, like an interview's warm-up then the exercise.
  return plan.sort((a, b) => (a.kind === b.kind ? ORDER[a.difficulty] - ORDER[b.difficulty] : a.kind === "concept" ? -1 : 1));
}
