/**
 * One submission's engine work, run where the engine is (in the engine host's thread for the worker, or in
 * process for tests and tools that pass an engine object): validates each request (untrusted: sizes and types
 * come from user code), enforces the per-submission quotas, runs it on the engine, and measures the forward
 * pass there, so stage times are taken where the work runs. Holds the submission's KV caches behind handles.
 * A refused or failing request becomes an `engine_error` reply; `run` never throws.
 *
 * Host work done on behalf of a box is bounded (issue 15): text is measured after Unicode normalisation
 * (U+FDFA is 18 characters under NFKC), the `oov` list is capped, a reply may carry at most engineReplyNumbers
 * numbers, and the engine time of a submission is budgeted (engineMsTotal).
 *
 * @example
 *   const session = new GatewaySession(engine, limits);
 *   const { reply, meta } = await session.run({ id: 1, method: "tokenize", args: ["word2vec", "hello"] }, 60, 1);
 *   // reply → { type: "engine_reply", id: 1, value: { input_ids: [...], ... } };  meta.tokens → 0
 */
import { packFloatOutputs } from "../float-pack";
import { KvHandleError, KvHandleTable, type SizedCache } from "../kv-handles";
import type { GraderLimits } from "../limits";
import type { EngineLike } from "../types";

export type EngineReply =
  | { type: "engine_reply"; id: number; value: unknown }
  | { type: "engine_error"; id: number; message: string };

export interface ForwardSpan {
  startedAt: number;
  endedAt: number;
  /** Decoder LMs only: the first call of a sequence (past null) or a later one. */
  phase?: "prefill" | "decode";
  /** Token ids the call sent (input_ids numbers, padding included). */
  tokens?: number;
  /** Rows of input_ids in the call. */
  rows?: number;
}

/** What one request cost, for the caller's per-test counters. */
export interface RunMeta {
  /** The forward pass (forward requests that reached the engine), on this session's clock. */
  span?: ForwardSpan;
  /** Token ids this request added to the submission's total. */
  tokens: number;
  /** Milliseconds this request took where it ran. */
  engineMs: number;
  /** The engine itself failed (not the request): the test's verdict becomes IE. */
  fault?: string;
}

export interface EngineRequest {
  id?: unknown;
  method?: unknown;
  args?: unknown;
}

const METHODS = new Set(["tokenize", "forward", "decode", "labels", "info"]);
/** Out-of-vocabulary words listed in one tokenize reply; `oov_count` gives the total. */
export const MAX_OOV_LISTED = 1_000;
/** Most ids one decode request may carry (a generous multiple of any model's max_length). */
const MAX_DECODE_IDS = 100_000;
/** lib/engine's EngineError codes that mean the engine failed, not the request (→ verdict IE). */
const ENGINE_FAULT_CODES = new Set(["INTERNAL", "MODEL_LOAD", "MODEL_INTEGRITY", "CLOSED"]);
const MAX_MODEL_NAME = 100;

class RequestRefused extends Error {}

function isSizedCache(value: unknown): value is SizedCache {
  return typeof value === "object" && value !== null && typeof (value as { bytes?: unknown }).bytes === "number";
}

/** Counts numbers in a nested list (the token ids of a forward request); stops early past `limit`. */
function countNumbers(value: unknown, limit: number, depth = 0): number {
  if (typeof value === "number") return 1;
  if (!Array.isArray(value)) throw new RequestRefused("input_ids must be a (nested) list of integers");
  if (depth > 4) throw new RequestRefused("input_ids is nested too deeply");
  let n = 0;
  for (const item of value) {
    n += countNumbers(item, limit, depth + 1);
    if (n > limit) return n;
  }
  return n;
}

/** Counts the numbers in a reply's nested lists, stopping past `limit` (iterative: reply depth is the engine's). */
function countReplyNumbers(value: unknown, limit: number): number {
  const stack: unknown[] = [value];
  let n = 0;
  while (stack.length > 0 && n <= limit) {
    const item = stack.pop();
    if (typeof item === "number") n += 1;
    else if (ArrayBuffer.isView(item)) n += (item as unknown as { length?: number }).length ?? 0;
    // A row of numbers (the engine's innermost dimension, e.g. 8,192 logits) is counted by its length, not pushed
    // number by number: this runs on every decode step. Replies come from our engine, whose rows are all numbers.
    else if (Array.isArray(item) && typeof item[0] === "number") n += item.length;
    else if (Array.isArray(item)) for (const child of item) stack.push(child);
    else if (item && typeof item === "object") for (const child of Object.values(item)) stack.push(child);
  }
  return n;
}

/** Strips host paths from engine error messages before they reach the box. */
function sanitize(message: string): string {
  return message.replace(/(\/[\w.@+-]+){2,}/g, "<path>").slice(0, 500);
}

/** Milliseconds on the process's monotonic clock, the same in every thread (span times from the engine host). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

let offset: number | undefined;

/**
 * What to subtract from a monotonicMs time to get this thread's performance.now(): both count on the same monotonic
 * clock, so it is measured once per thread (the median of a few back-to-back readings).
 */
export function monotonicToPerformanceOffset(): number {
  if (offset === undefined) {
    const readings = Array.from({ length: 7 }, () => monotonicMs() - performance.now()).sort((a, b) => a - b);
    offset = readings[3];
  }
  return offset;
}

/** The request id echoed in the reply (-1 when the box sent none usable). */
export function requestId(request: EngineRequest): number {
  return typeof request.id === "number" && Number.isSafeInteger(request.id) ? request.id : -1;
}

export class GatewaySession {
  /** Token ids sent to forward passes so far. */
  tokens = 0;
  /** Milliseconds the engine spent on this submission's requests so far. */
  engineMs = 0;
  private readonly caches: KvHandleTable;

  /** `clock` gives the span times (performance.now() in process; the engine host passes an absolute clock). */
  constructor(
    private readonly engine: EngineLike,
    private readonly limits: GraderLimits,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.caches = new KvHandleTable({ maxCaches: limits.engineKvCaches, maxBytes: limits.engineKvMb * 2 ** 20 });
  }

  /** KV caches held right now (count and bytes). */
  get kvCaches(): { count: number; bytes: number } {
    return { count: this.caches.size, bytes: this.caches.bytes };
  }

  /** The box died: the caches it could name go with it (a new box starts a fresh program). */
  releaseCaches(): void {
    this.caches.releaseAll();
  }

  /** The submission ended: every cache is released and no new one is made. */
  close(): void {
    this.caches.close();
  }

  /** Runs one request; `callNumber` is the submission's count of engine calls including this one. */
  async run(request: EngineRequest, frameBytes: number, callNumber: number): Promise<{ reply: EngineReply; meta: RunMeta }> {
    const id = requestId(request);
    const meta: RunMeta = { tokens: 0, engineMs: 0 };
    const started = performance.now();
    try {
      return { reply: { type: "engine_reply", id, value: await this.dispatch(request, frameBytes, callNumber, meta) }, meta };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: unknown } | null)?.code;
      if (!(error instanceof RequestRefused) && !(error instanceof KvHandleError) && typeof code === "string" && ENGINE_FAULT_CODES.has(code)) {
        meta.fault = `${code}: ${message}`;
      }
      return { reply: { type: "engine_error", id, message: sanitize(message) }, meta };
    } finally {
      meta.engineMs = performance.now() - started;
      this.engineMs += meta.engineMs;
    }
  }

  private async dispatch(request: EngineRequest, frameBytes: number, callNumber: number, meta: RunMeta): Promise<unknown> {
    const method = request.method;
    if (typeof method !== "string" || !METHODS.has(method)) throw new RequestRefused(`unknown engine method ${String(method).slice(0, 40)}`);
    if (callNumber > this.limits.engineCalls) {
      throw new RequestRefused(`too many engine calls: the limit is ${this.limits.engineCalls} per submission`);
    }
    if (this.engineMs > this.limits.engineMsTotal) {
      throw new RequestRefused(`engine time budget used up: ${Math.round(this.engineMs)} ms of ${this.limits.engineMsTotal} ms per submission`);
    }
    if (frameBytes > this.limits.engineRequestKb * 1024) {
      throw new RequestRefused(`engine request of ${frameBytes} bytes exceeds ${this.limits.engineRequestKb} KiB`);
    }
    const args = Array.isArray(request.args) ? request.args : [];
    const model = args[0];
    if (typeof model !== "string" || model.length === 0 || model.length > MAX_MODEL_NAME) {
      throw new RequestRefused(`engine.${method}: the first argument must be a model name`);
    }
    switch (method) {
      case "tokenize": {
        const text = args[1];
        if (typeof text !== "string") throw new RequestRefused("engine.tokenize: text must be a string");
        if (text.length > this.limits.engineTextChars) {
          throw new RequestRefused(`engine.tokenize: text of ${text.length} characters exceeds ${this.limits.engineTextChars}`);
        }
        // untrusted: tokenizers normalise first, and normalisation can multiply the length (U+FDFA → 18 characters).
        const normalized = Math.max(text.normalize("NFKC").length, text.normalize("NFD").length);
        if (normalized > this.limits.engineTextChars) {
          throw new RequestRefused(
            `engine.tokenize: after Unicode normalisation the text has ${normalized} characters, more than ${this.limits.engineTextChars}`,
          );
        }
        const options = args[2] && typeof args[2] === "object" ? (args[2] as { maxLength?: unknown }) : {};
        const maxLength = options.maxLength;
        if (maxLength !== undefined && maxLength !== null && (typeof maxLength !== "number" || !Number.isInteger(maxLength) || maxLength < 1)) {
          throw new RequestRefused("engine.tokenize: max_length must be a positive integer");
        }
        const result = await this.engine.tokenize(model, text, typeof maxLength === "number" ? { maxLength } : undefined);
        const oov = (result as { oov?: unknown } | null)?.oov;
        if (Array.isArray(oov) && oov.length > MAX_OOV_LISTED) {
          return { ...(result as object), oov: oov.slice(0, MAX_OOV_LISTED), oov_count: oov.length };
        }
        return result;
      }
      case "forward":
        return await this.forward(model, args[1], meta);
      case "decode": {
        const ids = args[1];
        if (!Array.isArray(ids)) throw new RequestRefused("engine.decode: ids must be a list of token ids");
        if (ids.length > MAX_DECODE_IDS) throw new RequestRefused(`engine.decode: ${ids.length} ids exceed ${MAX_DECODE_IDS}`);
        if (!this.engine.decode) throw new RequestRefused("engine.decode is not available");
        const options = args[2] && typeof args[2] === "object" ? (args[2] as { skipSpecialTokens?: unknown }) : {};
        return await this.engine.decode(model, ids, { skipSpecialTokens: options.skipSpecialTokens === true });
      }
      case "labels":
        return await this.engine.labels(model);
      default:
        return await this.engine.info(model);
    }
  }

  private async forward(model: string, rawInputs: unknown, meta: RunMeta): Promise<unknown> {
    if (!rawInputs || typeof rawInputs !== "object" || Array.isArray(rawInputs)) {
      throw new RequestRefused("engine.forward: inputs must be an object such as {input_ids: [[...]]}");
    }
    let inputs = rawInputs as Record<string, unknown>;
    const remaining = this.limits.engineTokens - this.tokens;
    const ids = countNumbers(inputs.input_ids ?? [], remaining);
    if (ids > remaining) {
      throw new RequestRefused(`engine.forward: token quota exhausted (${this.limits.engineTokens} token ids per submission)`);
    }
    // untrusted: a handle string from the box becomes the host-side cache; anything else is refused here.
    if (inputs.past !== undefined && inputs.past !== null) {
      try {
        inputs = { ...inputs, past: this.caches.resolve(inputs.past) };
      } catch (error) {
        throw new RequestRefused(`engine.forward: ${(error as Error).message}`);
      }
    }
    this.tokens += ids;
    meta.tokens = ids;
    const startedAt = this.clock();
    const span: ForwardSpan = { startedAt, endedAt: startedAt, tokens: ids, rows: Array.isArray(inputs.input_ids) ? inputs.input_ids.length : 0 };
    meta.span = span;
    try {
      const result = await this.engine.forward(model, inputs);
      const phase = result?.trace?.phase;
      if (phase === "prefill" || phase === "decode") span.phase = phase;
      const outputs = result && typeof result === "object" && "outputs" in result ? (result.outputs as Record<string, unknown>) : result;
      const { past: _past, ...sent } = (outputs ?? {}) as Record<string, unknown>; // the past stays on the host
      const numbers = countReplyNumbers(sent, this.limits.engineReplyNumbers);
      if (numbers > this.limits.engineReplyNumbers) {
        throw new RequestRefused(
          `engine.forward: the reply would carry more than ${this.limits.engineReplyNumbers} numbers; send fewer rows or tokens per call`,
        );
      }
      if (outputs && isSizedCache((outputs as Record<string, unknown>).past)) {
        try {
          return packFloatOutputs({ ...outputs, past: this.caches.register((outputs as { past: SizedCache }).past) });
        } catch (error) {
          throw new RequestRefused(`engine.forward: ${(error as Error).message}`);
        }
      }
      return packFloatOutputs(outputs);
    } finally {
      span.endedAt = this.clock();
    }
  }
}
