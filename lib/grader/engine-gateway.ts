/**
 * The host end of `engine.*` calls made inside a box: validates each request (untrusted: sizes and types
 * come from user code), enforces the per-submission quotas, runs it on the real engine one at a time, and
 * records forward-pass time for the stage timer. A refused or failing request becomes an EngineError
 * inside the user's program; it never throws here.
 *
 * @example
 *   const gateway = new EngineGateway(engine, limits);
 *   const reply = await gateway.handle({ id: 1, method: "tokenize", args: ["word2vec", "hello"] });
 *   // → { type: "engine_reply", id: 1, value: { input_ids: [...], ... } }
 */
import type { GraderLimits } from "./limits";
import type { EngineLike } from "./types";

export type EngineReply =
  | { type: "engine_reply"; id: number; value: unknown }
  | { type: "engine_error"; id: number; message: string };

export interface ForwardSpan {
  startedAt: number;
  endedAt: number;
}

const METHODS = new Set(["tokenize", "forward", "labels", "info"]);
/** lib/engine's EngineError codes that mean the engine failed, not the request (→ verdict IE). */
const ENGINE_FAULT_CODES = new Set(["INTERNAL", "MODEL_LOAD", "MODEL_INTEGRITY", "CLOSED"]);
const MAX_MODEL_NAME = 100;

class RequestRefused extends Error {}

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

/** Strips host paths from engine error messages before they reach the box. */
function sanitize(message: string): string {
  return message.replace(/(\/[\w.@+-]+){2,}/g, "<path>").slice(0, 500);
}

export class EngineGateway {
  calls = 0;
  tokens = 0;
  /** Forward passes of the current test (reset by the runner at each test). */
  forwardSpans: ForwardSpan[] = [];
  /** Forward requests received during the current test, with their arrival time. */
  firstForwardRequestAt: number | undefined;
  /** Set when the engine itself failed during the current test: the test's verdict becomes IE. */
  engineFault: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: EngineLike,
    private readonly limits: GraderLimits,
  ) {}

  startTest(): void {
    this.forwardSpans = [];
    this.firstForwardRequestAt = undefined;
    this.engineFault = undefined;
  }

  /** True once the box has sent far more calls than allowed: it is looping on refusals; stop it. */
  get abusive(): boolean {
    return this.calls > this.limits.engineCalls * 2 + 1_000;
  }

  /** Queues one request; requests run one at a time, in arrival order. */
  handle(request: { id?: unknown; method?: unknown; args?: unknown }, frameBytes = 0): Promise<EngineReply> {
    const id = typeof request.id === "number" && Number.isSafeInteger(request.id) ? request.id : -1;
    this.calls += 1;
    if (request.method === "forward" && this.firstForwardRequestAt === undefined) this.firstForwardRequestAt = performance.now();
    const run = async (): Promise<EngineReply> => {
      try {
        return { type: "engine_reply", id, value: await this.dispatch(request, frameBytes) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code = (error as { code?: unknown } | null)?.code;
        if (!(error instanceof RequestRefused) && typeof code === "string" && ENGINE_FAULT_CODES.has(code)) {
          this.engineFault = `${code}: ${message}`;
        }
        return { type: "engine_error", id, message: sanitize(message) };
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result;
    return result;
  }

  private async dispatch(request: { method?: unknown; args?: unknown }, frameBytes: number): Promise<unknown> {
    const method = request.method;
    if (typeof method !== "string" || !METHODS.has(method)) throw new RequestRefused(`unknown engine method ${String(method).slice(0, 40)}`);
    if (this.calls > this.limits.engineCalls) {
      throw new RequestRefused(`too many engine calls: the limit is ${this.limits.engineCalls} per submission`);
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
        const options = args[2] && typeof args[2] === "object" ? (args[2] as { maxLength?: unknown }) : {};
        const maxLength = options.maxLength;
        if (maxLength !== undefined && maxLength !== null && (typeof maxLength !== "number" || !Number.isInteger(maxLength) || maxLength < 1)) {
          throw new RequestRefused("engine.tokenize: max_length must be a positive integer");
        }
        return await this.engine.tokenize(model, text, typeof maxLength === "number" ? { maxLength } : undefined);
      }
      case "forward": {
        const inputs = args[1];
        if (!inputs || typeof inputs !== "object" || Array.isArray(inputs)) {
          throw new RequestRefused("engine.forward: inputs must be an object such as {input_ids: [[...]]}");
        }
        const remaining = this.limits.engineTokens - this.tokens;
        const ids = countNumbers((inputs as Record<string, unknown>).input_ids ?? [], remaining);
        if (ids > remaining) {
          throw new RequestRefused(`engine.forward: token quota exhausted (${this.limits.engineTokens} token ids per submission)`);
        }
        this.tokens += ids;
        const startedAt = performance.now();
        try {
          const result = await this.engine.forward(model, inputs as Record<string, unknown>);
          return result && typeof result === "object" && "outputs" in result ? result.outputs : result;
        } finally {
          this.forwardSpans.push({ startedAt, endedAt: performance.now() });
        }
      }
      case "labels":
        return await this.engine.labels(model);
      default:
        return await this.engine.info(model);
    }
  }
}
