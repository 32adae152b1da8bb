/**
 * Caps on concurrent submission event streams (GET /api/submissions/:id/events), per signed-in user and per
 * submission (issue 16.5: 40 streams on one submission each polled the database). A browser needs one stream per
 * open tab of a question; the coding page shares one across tabs (BroadcastChannel). Counted per web process: with
 * N processes a user can hold at most N × the cap, still a small constant (ADR 0906).
 *
 * @example
 *   const release = submissionStreamSlots.acquire(actor.id, id);
 *   if (!release) throw new AppError("RATE_LIMITED", "Too many open progress streams.");
 *   // … when the stream ends: release();
 */

/** Open streams one user may hold in one process (several tabs on several questions). */
export const MAX_STREAMS_PER_USER = 8;
/** Open streams on one submission in one process (a few tabs of the same question). */
export const MAX_STREAMS_PER_SUBMISSION = 3;

export class StreamSlots {
  private readonly perUser = new Map<string, number>();
  private readonly perSubmission = new Map<string, number>();

  constructor(
    private readonly maxPerUser = MAX_STREAMS_PER_USER,
    private readonly maxPerSubmission = MAX_STREAMS_PER_SUBMISSION,
  ) {}

  /** Takes a slot, or null when the user or the submission already has its maximum; the release runs once. */
  acquire(userId: string, submissionId: string): (() => void) | null {
    if ((this.perUser.get(userId) ?? 0) >= this.maxPerUser) return null;
    if ((this.perSubmission.get(submissionId) ?? 0) >= this.maxPerSubmission) return null;
    bump(this.perUser, userId, 1);
    bump(this.perSubmission, submissionId, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.perUser, userId, -1);
      bump(this.perSubmission, submissionId, -1);
    };
  }

  open(userId: string): number {
    return this.perUser.get(userId) ?? 0;
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

const globalSlots = globalThis as unknown as { clockwiseStreamSlots?: StreamSlots };
/** The process's stream slots (one instance even if Next loads this module twice). */
export const submissionStreamSlots: StreamSlots = (globalSlots.clockwiseStreamSlots ??= new StreamSlots());
