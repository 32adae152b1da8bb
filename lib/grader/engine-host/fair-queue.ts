/**
 * Per-submission queues served round-robin: the engine host takes one request from each submission with work
 * in turn, never all of one submission's queue before another's (a flood of N requests from A delays B's next
 * request by at most one of A's). A submission can be blocked (its last reply is still on its way into the box:
 * backpressure) and dropped (its box ended: its queued work never runs).
 *
 * @example
 *   const queue = new FairQueue<{ session: number; n: number }>();
 *   queue.push({ session: 1, n: 1 }); queue.push({ session: 1, n: 2 }); queue.push({ session: 2, n: 1 });
 *   queue.next(); // { session: 1, n: 1 }
 *   queue.next(); // { session: 2, n: 1 }
 *   queue.next(); // { session: 1, n: 2 }
 */
export class FairQueue<J extends { session: number }> {
  /** Sessions with queued work, in service order; `cursor` is where the next turn starts. */
  private ring: number[] = [];
  private cursor = 0;
  private readonly queues = new Map<number, J[]>();
  private readonly blocked = new Set<number>();

  push(job: J): void {
    const queue = this.queues.get(job.session);
    if (queue) {
      queue.push(job);
      return;
    }
    this.queues.set(job.session, [job]);
    // A session that had nothing queued joins just before the cursor: it is served after every session already waiting.
    this.ring.splice(this.cursor, 0, job.session);
    this.cursor = (this.cursor + 1) % this.ring.length;
  }

  /** The next job, round-robin over sessions that are not blocked; undefined when none can run. */
  next(): J | undefined {
    for (let step = 0; step < this.ring.length; step++) {
      const at = (this.cursor + step) % this.ring.length;
      const session = this.ring[at];
      if (this.blocked.has(session)) continue;
      const queue = this.queues.get(session)!;
      const job = queue.shift()!;
      if (queue.length === 0) {
        this.queues.delete(session);
        this.ring.splice(at, 1);
        this.cursor = this.ring.length === 0 ? 0 : at % this.ring.length;
      } else {
        this.cursor = (at + 1) % this.ring.length;
      }
      return job;
    }
    return undefined;
  }

  /** Removes a session's queued jobs (they will never run) and returns them. */
  drop(session: number): J[] {
    const queue = this.queues.get(session) ?? [];
    this.queues.delete(session);
    this.blocked.delete(session);
    const at = this.ring.indexOf(session);
    if (at >= 0) {
      this.ring.splice(at, 1);
      if (at < this.cursor) this.cursor -= 1;
      if (this.cursor >= this.ring.length) this.cursor = 0;
    }
    return queue;
  }

  block(session: number): void {
    this.blocked.add(session);
  }

  unblock(session: number): void {
    this.blocked.delete(session);
  }

  queued(session: number): number {
    return this.queues.get(session)?.length ?? 0;
  }

  get size(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }
}
