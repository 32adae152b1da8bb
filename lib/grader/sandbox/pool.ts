/**
 * An optional warm pool of pre-started, empty boxes (N per language). Its size is handed over by the grader worker
 * (`configureWarmPool`, from CLOCKWISE_WARM_POOL as lib/config's loadConfig() parsed and validated it at start: the
 * library's default is 0 = off, grader worker processes default to 1); this module reads no environment. A pooled box has already paid the namespace setup and interpreter start and waits on its channel
 * for the code; each is used by exactly one submission and destroyed after it, never reused. Only requests
 * whose start-time limits (rlimits, V8 heap, tmpfs size) equal the configured defaults can use it; the
 * memory and pids cgroup limits are rewritten on hand-out.
 *
 * @example
 *   const { box, pooled } = await acquireBox("python", limits);   // pooled: true when taken warm
 */
import type { GraderLimits } from "../limits";
import { resolveLimits } from "../limits";
import { Box, type BoxLanguage } from "./box";

const MAX_POOL = 8;

/** Limits fixed when a box starts (the rest is enforced by the host or rewritten in the cgroup). */
function startSignature(limits: GraderLimits): string {
  return [limits.cpuSeconds, limits.fileSizeMb, limits.openFiles, limits.tmpSizeMb, limits.memoryMb, limits.pids].join("/");
}

export class BoxPool {
  private readonly idle = new Map<BoxLanguage, Box[]>();
  private readonly starting = new Map<BoxLanguage, number>();
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly size: number,
    private readonly limits: GraderLimits = resolveLimits(),
  ) {}

  /** Starts boxes until `size` are idle or starting for the language. Start failures are left to acquire(). */
  fill(language: BoxLanguage): void {
    if (this.closed) return;
    const idle = this.idle.get(language) ?? [];
    this.idle.set(language, idle);
    while (idle.length + (this.starting.get(language) ?? 0) < this.size) {
      this.starting.set(language, (this.starting.get(language) ?? 0) + 1);
      const started = Box.start({ language, limits: this.limits, frameCapBytes: frameCapFor(this.limits) })
        .then(async (box) => {
          if (this.closed) return box.destroy();
          box.once("exit", () => this.remove(language, box));
          idle.push(box);
        })
        .catch(() => {})
        .finally(() => {
          this.starting.set(language, (this.starting.get(language) ?? 1) - 1);
          this.inFlight.delete(started);
        });
      this.inFlight.add(started);
    }
  }

  private remove(language: BoxLanguage, box: Box): void {
    const idle = this.idle.get(language) ?? [];
    const at = idle.indexOf(box);
    if (at >= 0) idle.splice(at, 1);
  }

  /** Closed pools start no boxes; the process-wide one is replaced on next use. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** A warm box when one fits the limits, else a freshly started one. */
  async acquire(language: BoxLanguage, limits: GraderLimits): Promise<{ box: Box; pooled: boolean }> {
    if (this.size > 0 && startSignature(limits) === startSignature(this.limits)) {
      const idle = this.idle.get(language) ?? [];
      let box: Box | undefined;
      while ((box = idle.shift())) {
        if (!box.exited) break;
      }
      // Refill after handing out: spawning is synchronous work the caller should not wait for.
      setTimeout(() => this.fill(language), 0);
      if (box && !box.exited) {
        box.relimit(limits);
        return { box, pooled: true };
      }
    }
    return { box: await Box.start({ language, limits, frameCapBytes: frameCapFor(limits) }), pooled: false };
  }

  /** Destroys the idle boxes and waits for boxes still starting (they are destroyed as they arrive). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all([...all.map((b) => b.destroy()), ...this.inFlight]);
  }
}

export function frameCapFor(limits: GraderLimits): number {
  return Math.max(limits.resultKb, limits.engineRequestKb) * 1024 + 64 * 1024;
}

const POOL = Symbol.for("clockwise.grader.boxPool");
const SIZE = Symbol.for("clockwise.grader.boxPoolSize");
type Holder = { [POOL]?: BoxPool; [SIZE]?: number };

/**
 * Sets the process-wide pool's size (boxes per language; 0 = off, the default). Called by the grader worker at start.
 *
 * @example
 *   configureWarmPool(loadConfig().workerProcess.warmPool);
 */
export function configureWarmPool(size: number): void {
  if (!Number.isInteger(size) || size < 0 || size > MAX_POOL) throw new RangeError(`warm pool size must be an integer 0..${MAX_POOL}, got ${size}`);
  (globalThis as Holder)[SIZE] = size;
}

/** The process-wide pool, of the configured size (0: every submission starts its own box). */
export function defaultBoxPool(): BoxPool {
  const holder = globalThis as Holder;
  const size = holder[SIZE] ?? 0;
  if (holder[POOL]?.size !== size || holder[POOL].isClosed) {
    // The size was configured again (tests do), or the pool was closed (a worker stopped): the old pool's idle
    // boxes are discarded.
    void holder[POOL]?.close();
    holder[POOL] = new BoxPool(size);
  }
  return holder[POOL]!;
}

/** Destroys the process-wide pool's idle boxes (a stopping worker); the next use starts a new pool. */
export async function closeDefaultBoxPool(): Promise<void> {
  const holder = globalThis as Holder;
  const pool = holder[POOL];
  holder[POOL] = undefined;
  await pool?.close();
}

export function acquireBox(language: BoxLanguage, limits: GraderLimits): Promise<{ box: Box; pooled: boolean }> {
  return defaultBoxPool().acquire(language, limits);
}
