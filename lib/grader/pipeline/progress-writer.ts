/**
 * Live progress of one grading (ADR 0704): the tests finished so far reach the database in batches, at most one
 * batch per `intervalMs` and one write in flight at a time, instead of one transaction per test. The first batch is
 * due `intervalMs` after the grading started, so a grading that finishes sooner writes no progress at all: its
 * verdict transaction stores every test at once, and the event stream shows them with the verdict. A slow grading
 * still shows its tests arriving, a batch at a time.
 *
 * `intervalMs: 0` restores the old behaviour (each test written on its own as it finishes), which the pipeline
 * bench uses for its "before" rows.
 *
 * @example
 *   const progress = new ProgressWriter({ intervalMs: 100, write: (tests) => recordTestResults(db, id, attempt, tests) });
 *   onTest: (test) => progress.add(test);
 *   await progress.close(); // then finishSubmission writes every test with the verdict
 */
export interface ProgressWriterOptions<T> {
  intervalMs: number;
  /** Stores a batch; a rejection is ignored (the verdict transaction writes every test anyway). */
  write: (batch: T[]) => Promise<unknown>;
  /** Clock (tests pass a fake). */
  now?: () => number;
}

export class ProgressWriter<T> {
  private pending: T[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastWriteAt: number;
  private closed = false;
  /** Number of write calls made (the bench and the tests count round trips with it). */
  writes = 0;

  private readonly now: () => number;

  constructor(private readonly options: ProgressWriterOptions<T>) {
    this.now = options.now ?? Date.now;
    this.lastWriteAt = this.now();
  }

  add(item: T): void {
    if (this.closed) return;
    this.pending.push(item);
    if (this.options.intervalMs <= 0) {
      this.flush();
      return;
    }
    this.schedule();
  }

  /** Stops writing progress: pending tests are dropped (the caller stores them with the verdict); waits for writes in flight. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    await Promise.all([...this.inFlight]);
  }

  private schedule(): void {
    if (this.timer || this.inFlight.size > 0 || this.pending.length === 0 || this.closed) return;
    const wait = Math.max(0, this.lastWriteAt + this.options.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.writes += 1;
    const write: Promise<void> = Promise.resolve()
      .then(() => this.options.write(batch))
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.inFlight.delete(write);
        this.lastWriteAt = this.now();
        this.schedule();
      });
    this.inFlight.add(write);
  }
}
