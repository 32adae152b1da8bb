/**
 * A database of its own for an observability test file (tests/support/scratch-database.ts): counts read by the
 * metrics (queue depth, verdicts) and the grading queue are then not shared with test files running at the same
 * time. Call before anything touches the shared Prisma client.
 */
import { useOwnDatabase as useScratch, type ScratchDatabase } from "../support/scratch-database";

export function useOwnDatabase(): Promise<ScratchDatabase> {
  return useScratch("clockwise_obs");
}
