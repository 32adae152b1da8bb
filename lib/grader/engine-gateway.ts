/**
 * The host end of `engine.*` calls made inside a box, as the test runner sees it: counts calls, keeps the
 * per-test counters (forward spans, prefill/decode calls, tokens), enforces the submission's queue budget, and
 * routes each request to where the engine work runs:
 *  - an engine host (engine-host/host.ts, the grader worker's engine in a worker thread): the request is
 *    validated, run, post-processed and encoded there, and only the finished wire frame comes back; requests
 *    of all submissions are served round-robin, one submission's next request waits until its last reply was
 *    taken by its box (backpressure), and requests of a box that ended are dropped unrun;
 *  - any other EngineLike (tests, tools): the same validation and limits (engine-host/session.ts) run here,
 *    one request at a time, in arrival order.
 * A refused or failing request becomes an EngineError inside the user's program; it never throws here.
 *
 * Decoder LMs: a forward's `past` (the KV cache, held where the engine is) crosses the pipe as an opaque handle
 * string; counters per test tell prefill calls from decode calls.
 *
 * @example
 *   const gateway = new EngineGateway(engine, limits);
 *   const reply = await gateway.handle({ id: 1, method: "tokenize", args: ["word2vec", "hello"] });
 *   // → { type: "engine_reply", id: 1, value: { input_ids: [...], ... } }
 */
import { isRemoteEngine, type RemoteSession } from "./engine-host/remote";
import { GatewaySession, monotonicToPerformanceOffset, requestId, type EngineReply, type EngineRequest, type ForwardSpan, type RunMeta } from "./engine-host/session";
import type { GraderLimits } from "./limits";
import type { EngineLike } from "./types";

export { MAX_OOV_LISTED, type EngineReply, type ForwardSpan } from "./engine-host/session";

/** A reply already encoded as a wire frame where the engine ran (engine host): written to the box as it is. */
export interface EncodedReply {
  type: "encoded";
  id: number;
  frame: Uint8Array;
}

/** Decoder work of the current test, counted on the host. */
export interface DecoderCounters {
  prefillCalls: number;
  decodeCalls: number;
  prefillTokens: number;
  decodeTokens: number;
}

/** Requests of one submission waiting for the engine (queued or running) at once; more are refused. */
export const ENGINE_QUEUE_REQUESTS = 32;
/** Request frames of one submission waiting for the engine, in units of the largest allowed request. */
const ENGINE_QUEUE_FRAMES = 4;

export class EngineGateway {
  calls = 0;
  tokens = 0;
  /** Forward passes of the current test (reset by the runner at each test), on this thread's performance.now(). */
  forwardSpans: ForwardSpan[] = [];
  /** Forward requests received during the current test, with their arrival time. */
  firstForwardRequestAt: number | undefined;
  /** Set when the engine itself failed during the current test: the test's verdict becomes IE. */
  engineFault: string | undefined;
  /** Decoder calls of the current test (reset by startTest). */
  decoder: DecoderCounters = emptyCounters();
  /** Milliseconds the engine spent on this submission's requests so far (where it ran). */
  engineMs = 0;
  /** Requests waiting for the engine right now, and the bytes of their frames. */
  private waiting = 0;
  private waitingBytes = 0;
  private readonly maxWaiting: number;
  private readonly maxWaitingBytes: number;
  private readonly local: GatewaySession | undefined;
  private readonly remote: RemoteSession | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped when a box dies: requests queued by the dead box are dropped instead of run. */
  private generation = 0;
  private closed = false;

  constructor(
    engine: EngineLike,
    private readonly limits: GraderLimits,
    budget: { maxQueued?: number; maxQueuedBytes?: number } = {},
  ) {
    this.maxWaiting = budget.maxQueued ?? ENGINE_QUEUE_REQUESTS;
    this.maxWaitingBytes = budget.maxQueuedBytes ?? ENGINE_QUEUE_FRAMES * limits.engineRequestKb * 1024;
    if (isRemoteEngine(engine)) this.remote = engine.openSession(limits);
    else this.local = new GatewaySession(engine, limits);
  }

  startTest(): void {
    this.forwardSpans = [];
    this.firstForwardRequestAt = undefined;
    this.engineFault = undefined;
    this.decoder = emptyCounters();
  }

  /** KV caches held for this submission right now, when the engine runs in process (an engine host reports them in its stats). */
  get kvCaches(): { count: number; bytes: number } {
    return this.local?.kvCaches ?? { count: 0, bytes: 0 };
  }

  /** The box died: its program is gone, and so are the caches it could name and the requests it queued. */
  releaseCaches(): void {
    this.generation += 1;
    this.local?.releaseCaches();
    this.remote?.cancel();
  }

  /** The submission ended: every KV cache is released, later requests cannot create new ones, queued ones are dropped. */
  close(): void {
    this.generation += 1;
    if (this.closed) return;
    this.closed = true;
    this.local?.close();
    this.remote?.close();
  }

  /** True once the box has sent far more calls than allowed: it is looping on refusals; stop it. */
  get abusive(): boolean {
    return this.calls > this.limits.engineCalls * 2 + 1_000;
  }

  /**
   * Handles one request. With `deliver`, the reply is handed to the box's channel, and the submission's next request
   * runs only once it was taken (backpressure: a program that stops reading its replies stops the engine working
   * for it, instead of piling replies up in the worker's memory). From an engine host the reply comes as a ready
   * frame (EncodedReply).
   */
  handle(request: EngineRequest, frameBytes = 0, deliver?: (reply: EngineReply | EncodedReply) => Promise<void>): Promise<EngineReply | EncodedReply> {
    const id = requestId(request);
    this.calls += 1;
    const callNumber = this.calls;
    if (request.method === "forward" && this.firstForwardRequestAt === undefined) this.firstForwardRequestAt = performance.now();
    if (this.waiting + 1 > this.maxWaiting || this.waitingBytes + frameBytes > this.maxWaitingBytes) {
      // The budget of what one submission may have waiting: refused at once, nothing queued, nothing lost for others.
      const reply: EngineReply = {
        type: "engine_error",
        id,
        message:
          this.waiting + 1 > this.maxWaiting
            ? `engine queue full: at most ${this.maxWaiting} requests of a submission may wait at once; await earlier calls before sending more`
            : `engine queue full: at most ${Math.round(this.maxWaitingBytes / 1024)} KiB of requests of a submission may wait at once`,
      };
      return deliver ? deliver(reply).then(() => reply) : Promise.resolve(reply);
    }
    this.waiting += 1;
    this.waitingBytes += frameBytes;
    const settle = () => {
      this.waiting -= 1;
      this.waitingBytes -= frameBytes;
    };
    const generation = this.generation;
    const cancelled: EngineReply = { type: "engine_error", id, message: "cancelled: the program ended" };
    if (this.remote) {
      const remote = this.remote;
      return remote.request(request, frameBytes, callNumber, deliver !== undefined).then(async (outcome) => {
        settle();
        // The box that asked is gone: nobody reads the reply.
        if (outcome === "cancelled" || generation !== this.generation) return cancelled;
        this.account(outcome.meta, monotonicToPerformanceOffset());
        const reply: EngineReply | EncodedReply = outcome.frame ? { type: "encoded", id, frame: outcome.frame } : outcome.reply!;
        if (deliver) {
          await deliver(reply);
          remote.drained();
        }
        return reply;
      });
    }
    const session = this.local!;
    const run = async (): Promise<EngineReply> => {
      if (generation !== this.generation) return cancelled;
      const { reply, meta } = await session.run(request, frameBytes, callNumber);
      this.account(meta, 0);
      return reply;
    };
    const runAndDeliver = async (): Promise<EngineReply> => {
      try {
        const reply = await run();
        if (deliver) await deliver(reply);
        return reply;
      } finally {
        settle();
      }
    };
    const result = this.queue.then(runAndDeliver, runAndDeliver);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Adds one request's costs to the counters; `origin` turns the span's clock into this thread's performance.now(). */
  private account(meta: RunMeta, origin: number): void {
    this.tokens += meta.tokens;
    this.engineMs += meta.engineMs;
    if (meta.fault) this.engineFault = meta.fault;
    const span = meta.span;
    if (!span) return;
    const local: ForwardSpan = { ...span, startedAt: span.startedAt - origin, endedAt: span.endedAt - origin };
    this.forwardSpans.push(local);
    if (span.phase) {
      this.decoder[span.phase === "prefill" ? "prefillCalls" : "decodeCalls"] += 1;
      this.decoder[span.phase === "prefill" ? "prefillTokens" : "decodeTokens"] += span.tokens ?? 0;
    }
  }
}

function emptyCounters(): DecoderCounters {
  return { prefillCalls: 0, decodeCalls: 0, prefillTokens: 0, decodeTokens: 0 };
}
