/**
 * Messages between the grader's main thread and the engine host thread (structured clone over a MessagePort).
 * Span times in replies are on the process's monotonic clock in milliseconds (monotonicMs: process.hrtime, the
 * same in every thread), so the main thread can turn them into its own performance.now() — performance.timeOrigin
 * differs per thread and follows the wall clock, which may be adjusted while the worker runs.
 */
import type { GraderLimits } from "../limits";
import type { EngineReply, EngineRequest, RunMeta } from "./session";

export interface EngineHostOptions {
  /** Models folder (default: the engine's configuration, CLOCKWISE_MODELS_DIR). */
  modelsDir?: string;
  /** ONNX Runtime intra-op threads per session (default: the engine's configuration). */
  threads?: number;
  /** Model names the box may use for other loaded models (tests on the engine's fixture models). */
  aliases?: Record<string, string>;
}

export type ToHost =
  | { type: "open"; session: number; limits: GraderLimits }
  | { type: "request"; session: number; call: number; request: EngineRequest; frameBytes: number; callNumber: number; encode: boolean }
  /** The reply of the session's last request was taken by the box's channel: its next request may run. */
  | { type: "drained"; session: number }
  /** The box ended: drop the session's queued requests and release its KV caches (and with `close`, the session). */
  | { type: "cancel"; session: number; close: boolean }
  /** A plain EngineLike call (self-test, tools), queued fairly like a submission's. */
  | { type: "call"; call: number; method: string; args: unknown[] }
  | { type: "stats"; call: number }
  | { type: "shutdown" };

export interface SessionStats {
  session: number;
  /** Requests that reached the engine (validation included). */
  ran: number;
  /** Requests dropped unrun because their box ended. */
  dropped: number;
  queued: number;
  kv: { count: number; bytes: number };
  closed: boolean;
  /** Most requests (of any session) that ran while one of this session's requests waited in the host. */
  waitedMax: number;
  /** Most requests of other sessions already queued when one of this session's requests arrived. */
  othersQueuedMax: number;
}

export interface HostStats {
  sessions: SessionStats[];
  /** Session of every request run, in order (the last 10,000; 0 = plain calls). */
  order: number[];
}

export type FromHost =
  | { type: "ready"; models: string[]; loadMs: number; rssBytes: number; heapBytes: number }
  | { type: "failed"; message: string }
  | { type: "reply"; session: number; call: number; id: number; reply?: EngineReply; frame?: Uint8Array; error: boolean; meta: RunMeta }
  | { type: "result"; call: number; value?: unknown; error?: { message: string; code?: string } }
  | { type: "stats"; call: number; stats: HostStats }
  | { type: "closed" };
