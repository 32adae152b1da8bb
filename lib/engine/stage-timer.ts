/**
 * Times the stages of one inference, the way a CPU clock cycle splits into fetch / decode / execute:
 *   input    text → token ids (tokenization, validation, padding into tensors)
 *   forward  the ONNX session.run (including any wait to share a micro-batch)
 *   post     model outputs → the caller's answer (pooling, softmax, nested arrays)
 *   feedback loss against given labels (only when labels are given)
 * Each pipeline step is wrapped exactly once; the clock is process.hrtime.bigint (ns).
 */
export type Stage = "input" | "forward" | "post" | "feedback";

export type StagesNs = { input: number; forward: number; post: number; feedback?: number };

export class StageTimer {
  private readonly ns: Partial<Record<Stage, number>> = {};

  /**
   * @example
   * const timer = new StageTimer();
   * const ids = timer.measure("input", () => tokenize(text));
   * timer.stagesNs // → { input: 41250, forward: 0, post: 0 }
   */
  measure<T>(stage: Stage, step: () => T): T {
    const start = process.hrtime.bigint();
    try {
      return step();
    } finally {
      this.add(stage, start);
    }
  }

  /** Same as measure, for a step that returns a promise: the stage ends when it settles. */
  async measureAsync<T>(stage: Stage, step: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      return await step();
    } finally {
      this.add(stage, start);
    }
  }

  private add(stage: Stage, start: bigint): void {
    this.ns[stage] = (this.ns[stage] ?? 0) + Number(process.hrtime.bigint() - start);
  }

  get stagesNs(): StagesNs {
    const { input = 0, forward = 0, post = 0, feedback } = this.ns;
    return feedback === undefined ? { input, forward, post } : { input, forward, post, feedback };
  }
}
