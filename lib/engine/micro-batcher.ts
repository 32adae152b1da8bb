/**
 * Micro-batching: forward requests for one model that arrive within a short window are padded into
 * one session.run and each caller gets back its own rows. One fused run is in flight per model at a
 * time; requests arriving meanwhile queue up and form the next batch (with two cores, a second
 * concurrent run would only compete for the same threads). A window of 0 turns all of this off:
 * every request runs on its own, immediately.
 */
import type { FloatTensor, IdTensor } from "./backend";
import { EngineError } from "./errors";
import { concatBatches, type PadValues, type SequenceBatch, sliceOutput, toFeeds } from "./sequence-batch";

export type RunFn = (feeds: Record<string, IdTensor>, rows: number) => Promise<Record<string, FloatTensor>>;

export type BatchResult = {
  outputs: Record<string, FloatTensor>;
  /** Rows in the session.run that served this request (≥ its own rows when fused). */
  runRows: number;
  /** Nanoseconds between submit and the start of the serving session.run (the batching wait). */
  queuedNs: number;
};

type Pending = { batch: SequenceBatch; submittedAt: bigint; resolve: (result: BatchResult) => void; reject: (error: unknown) => void };

export class MicroBatcher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private closed = false;

  /**
   * @example
   * const batcher = new MicroBatcher(run, { windowMs: 2, maxBatch: 32, pad: { input_ids: 0n } });
   * const { outputs } = await batcher.submit(packRows({ input_ids: [[5, 6]] }, { input_ids: 0n }));
   */
  constructor(
    private readonly run: RunFn,
    private readonly options: { windowMs: number; maxBatch: number; pad: PadValues },
  ) {}

  submit(batch: SequenceBatch): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new EngineError("CLOSED", "the engine is closed"));
    const submittedAt = process.hrtime.bigint();
    if (this.options.windowMs === 0) return this.runGroup([batch], [submittedAt]).then((results) => results[0]);
    return new Promise<BatchResult>((resolve, reject) => {
      this.queue.push({ batch, submittedAt, resolve, reject });
      if (this.busy) return;
      if (this.queuedRows() >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  private queuedRows(): number {
    return this.queue.reduce((sum, p) => sum + p.batch.rows, 0);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.busy || this.queue.length === 0) return;
    // Take requests in arrival order while they fit; an oversized request still goes, alone.
    const group: Pending[] = [this.queue.shift()!];
    let rows = group[0].batch.rows;
    while (this.queue.length > 0 && rows + this.queue[0].batch.rows <= this.options.maxBatch) {
      rows += this.queue[0].batch.rows;
      group.push(this.queue.shift()!);
    }
    this.busy = true;
    this.runGroup(group.map((p) => p.batch), group.map((p) => p.submittedAt))
      .then(
        (results) => group.forEach((p, i) => p.resolve(results[i])),
        (error) => group.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.busy = false;
        // Whatever queued during the run has already waited: run it now.
        if (this.queue.length > 0) setImmediate(() => this.flush());
      });
  }

  private async runGroup(batches: SequenceBatch[], submittedAt: bigint[]): Promise<BatchResult[]> {
    const fused = concatBatches(batches, this.options.pad);
    const startedAt = process.hrtime.bigint();
    const outputs = await this.run(toFeeds(fused), fused.rows);
    let rowStart = 0;
    return batches.map((batch, i) => {
      const own: Record<string, FloatTensor> = {};
      for (const [name, tensor] of Object.entries(outputs)) {
        own[name] = batches.length === 1 ? tensor : sliceOutput(tensor, rowStart, batch.rows, fused.seq, batch.seq);
      }
      rowStart += batch.rows;
      return { outputs: own, runRows: fused.rows, queuedNs: Number(startedAt - submittedAt[i]) };
    });
  }

  /** Rejects queued requests; a run in flight finishes. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const pending of this.queue.splice(0)) pending.reject(new EngineError("CLOSED", "the engine is closed"));
  }
}
