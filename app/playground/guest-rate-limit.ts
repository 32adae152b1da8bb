/**
 * A per-client fixed-window limit for the playground (guests included): the engine is shared by the
 * grader, so an anonymous visitor must not be able to keep it busy. In-process on purpose: the
 * playground is a convenience, and a limit per app process is enough to protect that process's engine.
 */
/** Characters per playground request; the grader's limits are much larger, this is a demo. */
export const PLAYGROUND_MAX_CHARS = 2000;

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export class FixedWindowLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>();

  constructor(private readonly config: WindowLimit) {}

  /**
   * Counts a request for `key`; false when the key already used its quota in the current window.
   *
   * @example
   * const limiter = new FixedWindowLimiter({ limit: 2, windowMs: 60_000 });
   * limiter.take("1.2.3.4", 0); limiter.take("1.2.3.4", 1); limiter.take("1.2.3.4", 2) // → true, true, false
   */
  take(key: string, now = Date.now()): boolean {
    const entry = this.hits.get(key);
    if (!entry || now - entry.start >= this.config.windowMs) {
      if (this.hits.size > 10_000) this.prune(now);
      this.hits.set(key, { start: now, count: 1 });
      return true;
    }
    if (entry.count >= this.config.limit) return false;
    entry.count += 1;
    return true;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.hits) if (now - entry.start >= this.config.windowMs) this.hits.delete(key);
  }
}
