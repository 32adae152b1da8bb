/**
 * The KV caches one submission holds on the host, behind opaque handle strings ("kv:3:9f2c4e1a7b0d"). A
 * handle is a random id valid only in the gateway (submission) that issued it: another submission cannot
 * guess or reuse one. The table is bounded in count and bytes: when a new cache would exceed either bound,
 * the least recently used caches are released (a decoding loop only ever needs its latest few), and a
 * released handle, used again, gets a message that says so. Everything is dropped when the submission
 * ends or its box dies.
 *
 * @example
 *   const table = new KvHandleTable({ maxCaches: 64, maxBytes: 64 << 20 });
 *   const handle = table.register(cache);   // "kv:1:5d0c…"
 *   table.resolve(handle) === cache;        // true (and it becomes the most recently used)
 */
import { randomBytes } from "node:crypto";

/** What the table needs from a cache: its size. The cache itself stays opaque here. */
export interface SizedCache {
  readonly bytes: number;
}

export class KvHandleError extends Error {}

const HANDLE = /^kv:(\d{1,9}):[0-9a-f]{12}$/;
/** Released handles remembered for a precise message; beyond this they are reported as unknown. */
const REMEMBER_RELEASED = 4_096;

export class KvHandleTable {
  /** Insertion order = recency order (resolve re-inserts): the first entry is the least recently used. */
  private readonly live = new Map<string, SizedCache>();
  private readonly released = new Set<string>();
  private issued = 0;
  private liveBytes = 0;
  private closed = false;

  constructor(private readonly limits: { maxCaches: number; maxBytes: number }) {}

  get size(): number {
    return this.live.size;
  }

  get bytes(): number {
    return this.liveBytes;
  }

  /** Issues a handle for a new cache, releasing least recently used ones to stay within the bounds. */
  register(cache: SizedCache): string {
    if (this.closed) throw new KvHandleError("the submission has ended; its KV caches are released");
    if (cache.bytes > this.limits.maxBytes) {
      throw new KvHandleError(`this KV cache needs ${mib(cache.bytes)} MiB; the limit is ${mib(this.limits.maxBytes)} MiB per submission (use fewer rows or a shorter sequence)`);
    }
    while (this.live.size > 0 && (this.live.size + 1 > this.limits.maxCaches || this.liveBytes + cache.bytes > this.limits.maxBytes)) {
      const [oldest] = this.live.keys();
      this.release(oldest);
    }
    this.issued += 1;
    const handle = `kv:${this.issued}:${randomBytes(6).toString("hex")}`;
    this.live.set(handle, cache);
    this.liveBytes += cache.bytes;
    return handle;
  }

  /** The cache behind a handle; throws KvHandleError with a message for the user's program otherwise. */
  resolve(handle: unknown): SizedCache {
    // untrusted: the handle comes from user code.
    if (typeof handle !== "string" || !HANDLE.test(handle)) {
      const shown = typeof handle === "string" ? JSON.stringify(handle.slice(0, 40)) : typeof handle;
      throw new KvHandleError(`past must be None/null (first call) or the "past" handle returned by the previous forward call, got ${shown}`);
    }
    const cache = this.live.get(handle);
    if (cache) {
      this.live.delete(handle);
      this.live.set(handle, cache);
      return cache;
    }
    if (this.released.has(handle)) {
      throw new KvHandleError(
        `KV cache ${handle} was released: a submission keeps only its ${this.limits.maxCaches} most recently used caches (${mib(this.limits.maxBytes)} MiB); keep using the latest "past"`,
      );
    }
    throw new KvHandleError(`unknown KV cache handle ${handle}: handles are valid only in the submission (and run) that created them`);
  }

  private release(handle: string): void {
    const cache = this.live.get(handle);
    if (!cache) return;
    this.live.delete(handle);
    this.liveBytes -= cache.bytes;
    if (this.released.size >= REMEMBER_RELEASED) this.released.clear();
    this.released.add(handle);
  }

  /** Releases every cache (the box died: a new box starts a fresh program). Handles issued later stay unique. */
  releaseAll(): void {
    for (const handle of [...this.live.keys()]) this.release(handle);
  }

  /** The submission ended: release everything and refuse new caches. */
  close(): void {
    this.releaseAll();
    this.closed = true;
  }
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0);
}
