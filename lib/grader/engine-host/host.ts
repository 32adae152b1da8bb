/**
 * The engine host: the grader worker's inference engine in a worker thread (thread.ts), so that tokenizing,
 * running and encoding one submission's requests never blocks the worker's event loop, where every other
 * submission's frames, timers and verdicts are handled. It is an EngineLike (plain calls are queued fairly
 * with the submissions') and a RemoteEngine: the gateway opens one session per submission.
 *
 * If the thread dies, what was waiting for it fails as an engine fault (verdict IE: the submission is retried),
 * sessions opened before fail the same way, and a new thread is started for what comes next (at most
 * MAX_RESTARTS times; after that every request fails as CLOSED). Submissions' requests made while it loads fail
 * the same way; plain calls wait for it.
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

const MAX_RESTARTS = 5;

class HostCallError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

type Pending = (outcome: RemoteOutcome | "cancelled") => void;
type Loaded = { models: string[]; loadMs: number; rssBytes: number; heapBytes: number };

/** Starts a thread and waits until its models are loaded (rejects with the engine's message otherwise). */
async function spawnThread(options: EngineHostOptions): Promise<{ worker: Worker; loaded: Loaded }> {
  const worker = new Worker(path.join(__dirname, "thread-entry.cjs"), { workerData: options, execArgv: [] });
  const listeners: { message?: (message: FromHost) => void; error?: (error: Error) => void; exit?: (code: number) => void } = {};
  const ready = await new Promise<Extract<FromHost, { type: "ready" }>>((resolve, reject) => {
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
  return { worker, loaded: { models: ready.models, loadMs: ready.loadMs, rssBytes: ready.rssBytes, heapBytes: ready.heapBytes } };
}

function faultOutcome(reason: string): RemoteOutcome {
  return { id: -1, error: true, reply: { type: "engine_error", id: -1, message: "internal error in the inference engine" }, meta: { tokens: 0, engineMs: 0, fault: `CLOSED: ${reason}` } };
}

export class EngineHost implements EngineLike, RemoteEngine {
  private nextSession = 1;
  private nextCall = 1;
  private readonly calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  /** Outstanding requests per session. */
  private readonly sessions = new Map<number, Map<number, Pending>>();
  /** Set for good: the host was closed or could not be restarted. */
  private dead: string | undefined;
  private closing: Promise<void> | undefined;
  /** Which thread sessions belong to: a session of a thread that died cannot continue on the next one. */
  private epoch = 0;
  /** Messages for a thread that is still starting (after a restart). */
  private outbox: ToHost[] | undefined;
  /** Threads started after one died. */
  restarts = 0;

  /** Closed, or the thread died and could not be restarted: every call fails. */
  get isDead(): boolean {
    return this.dead !== undefined || this.closing !== undefined;
  }

  private constructor(
    private worker: Worker,
    /** Models loaded in the thread, the time it took, and the process's memory once they were. */
    readonly loaded: Loaded,
    private readonly options: EngineHostOptions,
  ) {
    this.attach(worker);
  }

  /** Starts the thread and waits until its models are loaded (rejects with the engine's message otherwise). */
  static async start(options: EngineHostOptions = {}): Promise<EngineHost> {
    const { worker, loaded } = await spawnThread(options);
    return new EngineHost(worker, loaded, options);
  }

  private attach(worker: Worker): void {
    worker.on("message", (message: FromHost) => this.receive(message));
    worker.on("error", (error) => this.crashed(worker, `the engine host failed: ${error.message}`));
    worker.on("exit", (code) => this.crashed(worker, `the engine host stopped (exit code ${code})`));
  }

  private send(message: ToHost): void {
    if (this.dead) return;
    if (this.outbox) this.outbox.push(message);
    else this.worker.postMessage(message);
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

  /** Everything waiting for the current thread fails as an engine fault. */
  private failWaiting(reason: string): void {
    for (const waiter of this.calls.values()) waiter.reject(new HostCallError(reason, "CLOSED"));
    this.calls.clear();
    for (const pending of this.sessions.values()) {
      for (const resolve of pending.values()) resolve(faultOutcome(reason));
      pending.clear();
    }
    this.sessions.clear();
  }

  /** The thread died on its own: fail what waited for it, and start another for what comes next. */
  private crashed(worker: Worker, reason: string): void {
    if (worker !== this.worker || this.dead || this.closing) return;
    this.epoch += 1;
    this.failWaiting(reason);
    if (this.restarts >= MAX_RESTARTS) {
      this.dead = `${reason} (not restarted: ${MAX_RESTARTS} restarts already)`;
      return;
    }
    this.restarts += 1;
    this.outbox = [];
    spawnThread(this.options).then(
      ({ worker: next }) => {
        if (this.closing || this.dead) {
          void next.terminate();
          return;
        }
        this.worker = next;
        this.attach(next);
        const queued = this.outbox ?? [];
        this.outbox = undefined;
        for (const message of queued) next.postMessage(message);
      },
      (error: Error) => {
        this.dead = `${reason}; restarting it failed: ${error.message}`;
        this.outbox = undefined;
        this.failWaiting(this.dead);
      },
    );
  }

  private call<T>(type: "call" | "stats", method: string, args: unknown[]): Promise<T> {
    if (this.dead) return Promise.reject(new HostCallError(this.dead, "CLOSED"));
    const call = this.nextCall++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(call, { resolve: resolve as (value: unknown) => void, reject });
      this.send(type === "stats" ? { type, call } : { type, call, method, args });
    });
  }

  tokenize(model: string, text: string, opts?: { maxLength?: number }): Promise<object> {
    return this.call("call", "tokenize", opts ? [model, text, opts] : [model, text]);
  }

  /** Encoder outputs as nested lists; a decoder's `past` is not returned (use a session: the gateway). */
  forward(model: string, inputs: Record<string, unknown>): Promise<{ outputs: object; trace?: { phase?: string } }> {
    return this.call("call", "forward", [model, inputs]);
  }

  decode(model: string, ids: unknown, opts?: { skipSpecialTokens?: boolean }): Promise<string> {
    return this.call("call", "decode", [model, ids, opts ?? {}]);
  }

  labels(model: string): Promise<string[]> {
    return this.call("call", "labels", [model]);
  }

  info(model: string): Promise<object> {
    return this.call("call", "info", [model]);
  }

  /** Per-session counters and the order requests ran in (tests and benchmarks). */
  stats(): Promise<HostStats> {
    return this.call("stats", "", []);
  }

  /** Ends the thread as a crash would (tests of the restart). */
  crashForTests(): Promise<number> {
    return this.worker.terminate();
  }

  openSession(limits: GraderLimits): RemoteSession {
    const session = this.nextSession++;
    const epoch = this.epoch;
    const pending = new Map<number, Pending>();
    this.sessions.set(session, pending);
    this.send({ type: "open", session, limits });
    let closed = false;
    const current = () => epoch === this.epoch && !this.dead;
    const dropAll = () => {
      for (const resolve of pending.values()) resolve("cancelled");
      pending.clear();
    };
    return {
      id: session,
      request: (request, frameBytes, callNumber, encode) => {
        if (closed) return Promise.resolve("cancelled" as const);
        // The thread this session lived in is gone (its KV caches too), or the next one is still loading its models:
        // the request fails as the engine's fault (IE, retried) rather than waiting and turning into a TLE.
        if (!current()) return Promise.resolve(faultOutcome(this.dead ?? "the engine host restarted"));
        if (this.outbox) return Promise.resolve(faultOutcome("the engine host is restarting"));
        const call = this.nextCall++;
        return new Promise<RemoteOutcome | "cancelled">((resolve) => {
          pending.set(call, resolve);
          this.send({ type: "request", session, call, request: plainRequest(request), frameBytes, callNumber, encode });
        });
      },
      drained: () => {
        if (current()) this.send({ type: "drained", session });
      },
      cancel: () => {
        if (current()) this.send({ type: "cancel", session, close: false });
        dropAll();
      },
      close: () => {
        closed = true;
        if (current()) this.send({ type: "cancel", session, close: true });
        dropAll();
        this.sessions.delete(session);
      },
    };
  }

  /** Closes the engine in the thread and ends it. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!this.dead && !this.outbox) {
        const closed = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5_000);
          worker.on("message", (message: FromHost) => {
            if (message.type === "closed") {
              clearTimeout(timer);
              resolve();
            }
          });
        });
        worker.postMessage({ type: "shutdown" } satisfies ToHost);
        await closed;
      }
      this.dead = "the engine host was closed";
      this.failWaiting(this.dead);
      await worker.terminate();
    })();
    return this.closing;
  }
}

/** Only the fields the session reads cross the thread boundary (a frame may carry anything else). */
function plainRequest(request: EngineRequest): EngineRequest {
  return { id: request.id, method: request.method, args: request.args };
}

// One engine host per process, shared by the grader workers started in it (tests start several), as the in-process
// engine singleton was: the models are loaded once. On globalThis so that module reloads share it too.
const SHARED = Symbol.for("clockwise.engineHost");
type SharedHolder = { [SHARED]?: { host: Promise<EngineHost>; users: number } };

/**
 * The process's shared engine host (started on first use with `options`, e.g. the models folder and threads of
 * loadConfig().engine; the engine's own configuration otherwise); `release` closes it when its last user is done.
 *
 * @example
 *   const { host, release } = await acquireEngineHost();
 *   … gradeInSandbox({ …, engine: host }) …
 *   await release();
 */
export async function acquireEngineHost(options: EngineHostOptions = {}): Promise<{ host: EngineHost; release: () => Promise<void> }> {
  const holder = globalThis as SharedHolder;
  const existing = holder[SHARED];
  if (existing) {
    const usable = await existing.host.then((h) => !h.isDead, () => false);
    if (!usable && holder[SHARED] === existing) delete holder[SHARED];
  }
  const entry = (holder[SHARED] ??= { host: EngineHost.start(options), users: 0 });
  entry.users += 1;
  let host: EngineHost;
  try {
    host = await entry.host;
  } catch (error) {
    entry.users -= 1;
    if (holder[SHARED] === entry) delete holder[SHARED];
    throw error;
  }
  let released = false;
  return {
    host,
    release: async () => {
      if (released) return;
      released = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      if (holder[SHARED] === entry) delete holder[SHARED];
      await host.close();
    },
  };
}
