/**
 * What the engine gateway needs from an engine that runs elsewhere (the engine host thread): a session per
 * submission whose requests are validated, run and encoded there. Types only, so the gateway (which the web
 * tier's reference validation may load) never imports node:worker_threads.
 */
import type { GraderLimits } from "../limits";
import type { EngineReply, EngineRequest, RunMeta } from "./session";

export interface RemoteOutcome {
  id: number;
  error: boolean;
  /** The reply as an object (requests made without `encode`). */
  reply?: EngineReply;
  /** The reply as a ready wire frame (requests made with `encode`): main only writes it to the box. */
  frame?: Uint8Array;
  /** Span times on the process's monotonic clock (monotonicMs in session.ts). */
  meta: RunMeta;
}

export interface RemoteSession {
  readonly id: number;
  /** Queues a request; resolves "cancelled" when the box ended first (the request never ran or its reply was dropped). */
  request(request: EngineRequest, frameBytes: number, callNumber: number, encode: boolean): Promise<RemoteOutcome | "cancelled">;
  /** The last encoded reply was taken by the box's channel: the session's next request may run. */
  drained(): void;
  /** The box died: queued requests are dropped, KV caches released; the session stays open for the next box. */
  cancel(): void;
  /** The submission ended: as cancel, and the session is gone. */
  close(): void;
}

export interface RemoteEngine {
  openSession(limits: GraderLimits): RemoteSession;
}

export function isRemoteEngine(engine: unknown): engine is RemoteEngine {
  return typeof (engine as { openSession?: unknown } | null)?.openSession === "function";
}
