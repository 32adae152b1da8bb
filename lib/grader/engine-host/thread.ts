/**
 * The engine host thread: owns the models (its own ONNX sessions) and every submission's KV caches, and does all
 * engine work for the grader worker — validation, normalisation and tokenization, the ONNX run, post-processing,
 * float packing and the JSON encoding of each reply — so that none of it runs on the worker's event loop. The
 * main thread only routes frames (host.ts). Requests are queued per submission and served round-robin, one at
 * a time (FairQueue); a submission's next request waits until its last reply was taken by its box (backpressure);
 * a cancelled submission's queued requests are dropped unrun.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createEngine, type Engine } from "../../engine";
import { encodeFrame } from "../sandbox/frames";
import type { EngineLike } from "../types";
import { FairQueue } from "./fair-queue";
import type { EngineHostOptions, FromHost, HostStats, SessionStats, ToHost } from "./protocol";
import { GatewaySession, monotonicMs, requestId, type EngineRequest } from "./session";

type Job = (
  | { kind: "request"; session: number; generation: number; call: number; request: EngineRequest; frameBytes: number; callNumber: number; encode: boolean }
  | { kind: "call"; session: 0; call: number; method: string; args: unknown[] }
) & { enqueuedAtRun: number };

interface Entry {
  /** Dropped once the session is closed (a closed session keeps only its counters, for stats). */
  session: GatewaySession | undefined;
  generation: number;
  closed: boolean;
  ran: number;
  dropped: number;
  /** Most requests (of any session) that ran while one of this session's requests waited. */
  waitedMax: number;
  /** Most requests of other sessions queued when one of this session's requests arrived. */
  othersQueuedMax: number;
}

const ORDER_KEPT = 10_000;

const port = parentPort!;
const options = (workerData ?? {}) as EngineHostOptions;

function post(message: FromHost, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function aliased(engine: Engine, aliases: Record<string, string>): EngineLike {
  const real = (model: string) => aliases[model] ?? model;
  return {
    tokenize: (model, text, opts) => engine.tokenize(real(model), text, opts),
    forward: (model, inputs) => engine.forward(real(model), inputs),
    decode: (model, ids, opts) => engine.decode(real(model), ids, opts),
    labels: (model) => engine.labels(real(model)),
    info: (model) => (aliases[model] ? { ...engine.info(real(model)), name: model } : engine.info(model)),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  let engine: Engine;
  try {
    // One request runs at a time here, so there is nothing to fuse: micro-batching would only add its window.
    engine = await createEngine({ modelsDir: options.modelsDir, threads: options.threads, batchWindowMs: 0 });
  } catch (error) {
    post({ type: "failed", message: (error as Error).message });
    return;
  }
  const target = options.aliases ? aliased(engine, options.aliases) : (engine as unknown as EngineLike);
  const sessions = new Map<number, Entry>();
  const queue = new FairQueue<Job>();
  const order: number[] = [];
  let busy = false;
  let scheduled = false;
  let runs = 0;

  function pump(): void {
    if (busy || scheduled) return;
    // setImmediate, not a microtask: messages that arrived during the last job (another submission's request, a
    // cancel, a drain) are taken in before the next job is chosen.
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (busy) return;
      const job = queue.next();
      if (!job) return;
      busy = true;
      void runJob(job).finally(() => {
        busy = false;
        pump();
      });
    });
  }

  async function runJob(job: Job): Promise<void> {
    const waited = runs - job.enqueuedAtRun;
    runs += 1;
    order.push(job.session);
    if (order.length > ORDER_KEPT * 2) order.splice(0, order.length - ORDER_KEPT);
    if (job.kind === "call") {
      try {
        const method = (target as unknown as Record<string, (...args: unknown[]) => unknown>)[job.method];
        if (typeof method !== "function") throw new Error(`unknown engine method ${job.method}`);
        let value = await method.apply(target, job.args);
        if (job.method === "forward" && value && typeof value === "object" && "outputs" in value) {
          // A KV cache stays in this thread: plain calls get outputs only (submissions go through sessions).
          const { outputs, ...rest } = value as { outputs: Record<string, unknown> };
          const { past: _past, ...plain } = outputs;
          value = { ...rest, outputs: plain };
        }
        post({ type: "result", call: job.call, value });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        post({ type: "result", call: job.call, error: { message: (error as Error).message, ...(typeof code === "string" ? { code } : {}) } });
      }
      return;
    }
    const entry = sessions.get(job.session);
    if (!entry || entry.closed || job.generation !== entry.generation) {
      if (entry) entry.dropped += 1;
      return;
    }
    const session = entry.session!;
    entry.ran += 1;
    entry.waitedMax = Math.max(entry.waitedMax, waited);
    const { reply, meta } = await session.run(job.request, job.frameBytes, job.callNumber);
    if (entry.closed || job.generation !== entry.generation) {
      // The box ended while this ran: nobody reads the reply, and a cache it made must not outlive the box.
      if (entry.closed) session.close();
      else session.releaseCaches();
      return;
    }
    const id = requestId(job.request);
    const error = reply.type === "engine_error";
    if (!job.encode) {
      post({ type: "reply", session: job.session, call: job.call, id, reply, error, meta });
      return;
    }
    let frame: Buffer;
    try {
      frame = encodeFrame(reply);
    } catch (cause) {
      frame = encodeFrame({ type: "engine_error", id, message: `the reply could not be encoded: ${(cause as Error).message}` });
    }
    // The box's next request waits until main says this reply was taken by the box's channel.
    queue.block(job.session);
    const whole = frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength;
    const bytes = whole ? frame : new Uint8Array(frame);
    post({ type: "reply", session: job.session, call: job.call, id, frame: bytes, error, meta }, [bytes.buffer as ArrayBuffer]);
  }

  function stats(): HostStats {
    const list: SessionStats[] = [...sessions.entries()].map(([session, entry]) => ({
      session,
      ran: entry.ran,
      dropped: entry.dropped,
      queued: queue.queued(session),
      kv: entry.session?.kvCaches ?? { count: 0, bytes: 0 },
      closed: entry.closed,
      waitedMax: entry.waitedMax,
      othersQueuedMax: entry.othersQueuedMax,
    }));
    return { sessions: list, order: order.slice(-ORDER_KEPT) };
  }

  port.on("message", (message: ToHost) => {
    switch (message.type) {
      case "open":
        sessions.set(message.session, { session: new GatewaySession(target, message.limits, monotonicMs), generation: 0, closed: false, ran: 0, dropped: 0, waitedMax: 0, othersQueuedMax: 0 });
        break;
      case "request": {
        const entry = sessions.get(message.session);
        if (!entry || entry.closed) break;
        entry.othersQueuedMax = Math.max(entry.othersQueuedMax, queue.size - queue.queued(message.session));
        queue.push({ kind: "request", ...message, generation: entry.generation, enqueuedAtRun: runs });
        pump();
        break;
      }
      case "drained":
        queue.unblock(message.session);
        pump();
        break;
      case "cancel": {
        const entry = sessions.get(message.session);
        if (!entry) break;
        entry.generation += 1;
        entry.dropped += queue.drop(message.session).length;
        if (message.close) {
          entry.closed = true;
          entry.session?.close();
          entry.session = undefined; // a request still running holds its own reference and closes it again when done
        } else {
          entry.session?.releaseCaches();
        }
        // Closed sessions keep only their counters, for stats; beyond a bound the oldest closed ones go.
        if (sessions.size > 2_048) {
          for (const [id, e] of sessions) if (e.closed && sessions.size > 1_024) sessions.delete(id);
        }
        pump();
        break;
      }
      case "call":
        queue.push({ kind: "call", session: 0, call: message.call, method: message.method, args: message.args, enqueuedAtRun: runs });
        pump();
        break;
      case "stats":
        post({ type: "stats", call: message.call, stats: stats() });
        break;
      case "shutdown":
        void engine.close().finally(() => {
          post({ type: "closed" });
          port.close();
        });
        break;
    }
  });
  const memory = process.memoryUsage();
  post({ type: "ready", models: engine.listModels().map((m) => m.name), loadMs: performance.now() - started, rssBytes: memory.rss, heapBytes: memory.heapUsed + memory.external });
}

void main();
