/**
 * The engine host: the grader worker's inference engine in a worker thread (thread.ts), so that tokenizing,
 * running and encoding one submission's requests never blocks the worker's event loop, where every other
 * submission's frames, timers and verdicts are handled. It is an EngineLike (plain calls are queued fairly
 * with the submissions') and a RemoteEngine: the gateway opens one session per submission.
 *
 * @example
 *   const host = await EngineHost.start();              // loads the models in the thread
 *   await gradeInSandbox({ …, engine: host });         // engine work of the submission runs in the thread
 *   await host.close();
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { GraderLimits } from "../limits";
import type { EngineLike } from "../types";
import type { EngineHostOptions, FromHost, HostStats, ToHost } from "./protocol";
import type { RemoteEngine, RemoteOutcome, RemoteSession } from "./remote";
import type { EngineRequest } from "./session";

export type { EngineHostOptions, HostStats } from "./protocol";

class HostCallError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

type Pending = (outcome: RemoteOutcome | "cancelled") => void;

export class EngineHost implements EngineLike, RemoteEngine {
  private nextSession = 1;
  private nextCall = 1;
  private readonly calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  /** Outstanding requests per session. */
  private readonly sessions = new Map<number, Map<number, Pending>>();
  private dead: string | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    /** Models loaded in the thread, the time it took, and the process's memory once they were. */
    readonly loaded: { models: string[]; loadMs: number; rssBytes: number; heapBytes: number },
  ) {
    worker.on("message", (message: FromHost) => this.receive(message));
    worker.on("error", (error) => this.fail(`the engine host failed: ${error.message}`));
    worker.on("exit", (code) => this.fail(`the engine host stopped (exit code ${code})`));
  }

  /** Starts the thread and waits until its models are loaded (rejects with the engine's message otherwise). */
  static async start(options: EngineHostOptions = {}): Promise<EngineHost> {
    const worker = new Worker(path.join(__dirname, "thread-entry.cjs"), { workerData: options, execArgv: [] });
    const listeners: { message?: (message: FromHost) => void; error?: (error: Error) => void; exit?: (code: number) => void } = {};
    const loaded = await new Promise<Extract<FromHost, { type: "ready" }>>((resolve, reject) => {
      listeners.message = (message: FromHost) => {
        if (message.type === "ready") resolve(message);
        else if (message.type === "failed") reject(new Error(message.message));
      };
      listeners.error = reject;
      listeners.exit = (code) => reject(new Error(`the engine host stopped while loading (exit code ${code})`));
      worker.on("message", listeners.message);
      worker.on("error", listeners.error);
      worker.on("exit", listeners.exit);
    }).catch(async (error) => {
      await worker.terminate();
      throw error;
    });
    // Only our own listeners: Worker keeps internal ones (removeAllListeners would cut its message port).
    worker.off("message", listeners.message!);
    worker.off("error", listeners.error!);
    worker.off("exit", listeners.exit!);
    return new EngineHost(worker, { models: loaded.models, loadMs: loaded.loadMs, rssBytes: loaded.rssBytes, heapBytes: loaded.heapBytes });
  }

  private send(message: ToHost): void {
    if (!this.dead) this.worker.postMessage(message);
  }

  private receive(message: FromHost): void {
    switch (message.type) {
      case "reply": {
        const pending = this.sessions.get(message.session);
        const resolve = pending?.get(message.call);
        if (!resolve) return; // cancelled meanwhile
        pending!.delete(message.call);
        resolve({ id: message.id, error: message.error, reply: message.reply, frame: message.frame, meta: message.meta });
        return;
      }
      case "result":
      case "stats": {
        const waiter = this.calls.get(message.call);
        if (!waiter) return;
        this.calls.delete(message.call);
        if (message.type === "stats") waiter.resolve(message.stats);
        else if (message.error) waiter.reject(new HostCallError(message.error.message, message.error.code));
        else waiter.resolve(message.value);
        return;
      }
      default:
        return;
    }
  }

  /** The thread is gone: every waiting request gets an engine fault (IE: the submission is retried). */
  private fail(reason: string): void {
    if (this.dead) return;
    this.dead = reason;
    for (const waiter of this.calls.values()) waiter.reject(new HostCallError(reason, "CLOSED"));
    this.calls.clear();
    for (const pending of this.sessions.values()) {
      for (const resolve of pending.values()) {
        resolve({ id: -1, error: true, reply: { type: "engine_error", id: -1, message: "internal error in the inference engine" }, meta: { tokens: 0, engineMs: 0, fault: `CLOSED: ${reason}` } });
      }
      pending.clear();
    }
  }

  private call(method: string, args: unknown[]): Promise<never> {
    if (this.dead) return Promise.reject(new HostCallError(this.dead, "CLOSED"));
    const call = this.nextCall++;
    return new Promise((resolve, reject) => {
      this.calls.set(call, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ type: "call", call, method, args });
    });
  }

  tokenize(model: string, text: string, opts?: { maxLength?: number }): Promise<object> {
    return this.call("tokenize", opts ? [model, text, opts] : [model, text]);
  }

  /** Encoder outputs as nested lists; a decoder's `past` is not returned (use a session: the gateway). */
  forward(model: string, inputs: Record<string, unknown>): Promise<{ outputs: object; trace?: { phase?: string } }> {
    return this.call("forward", [model, inputs]);
  }

  decode(model: string, ids: unknown, opts?: { skipSpecialTokens?: boolean }): Promise<string> {
    return this.call("decode", [model, ids, opts ?? {}]);
  }

  labels(model: string): Promise<string[]> {
    return this.call("labels", [model]);
  }

  info(model: string): Promise<object> {
    return this.call("info", [model]);
  }

  /** Per-session counters and the order requests ran in (tests and benchmarks). */
  stats(): Promise<HostStats> {
    if (this.dead) return Promise.reject(new HostCallError(this.dead, "CLOSED"));
    const call = this.nextCall++;
    return new Promise((resolve, reject) => {
      this.calls.set(call, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ type: "stats", call });
    });
  }

  openSession(limits: GraderLimits): RemoteSession {
    const session = this.nextSession++;
    const pending = new Map<number, Pending>();
    this.sessions.set(session, pending);
    this.send({ type: "open", session, limits });
    const dropAll = () => {
      for (const resolve of pending.values()) resolve("cancelled");
      pending.clear();
    };
    return {
      id: session,
      request: (request, frameBytes, callNumber, encode) => {
        if (this.dead) {
          return Promise.resolve({ id: -1, error: true, reply: { type: "engine_error", id: -1, message: "internal error in the inference engine" }, meta: { tokens: 0, engineMs: 0, fault: `CLOSED: ${this.dead}` } });
        }
        const call = this.nextCall++;
        return new Promise<RemoteOutcome | "cancelled">((resolve) => {
          pending.set(call, resolve);
          this.send({ type: "request", session, call, request: plainRequest(request), frameBytes, callNumber, encode });
        });
      },
      drained: () => this.send({ type: "drained", session }),
      cancel: () => {
        this.send({ type: "cancel", session, close: false });
        dropAll();
      },
      close: () => {
        this.send({ type: "cancel", session, close: true });
        dropAll();
        this.sessions.delete(session);
      },
    };
  }

  /** Closes the engine in the thread and ends it. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.dead) {
        const closed = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5_000);
          this.worker.on("message", (message: FromHost) => {
            if (message.type === "closed") {
              clearTimeout(timer);
              resolve();
            }
          });
        });
        this.send({ type: "shutdown" });
        await closed;
      }
      this.fail("the engine host was closed");
      await this.worker.terminate();
    })();
    return this.closing;
  }
}

/** Only the fields the session reads cross the thread boundary (a frame may carry anything else). */
function plainRequest(request: EngineRequest): EngineRequest {
  return { id: request.id, method: request.method, args: request.args };
}
