import "server-only";
/**
 * The playground's "Generate" mode: greedy decoding on a decoder LM (gpt, gpt-draft) on the host engine, one event
 * per generated token so the page can stream them with their timing. With the KV cache it is a prefill and then one
 * decode step per token (one new position each); without it every step recomputes the whole sequence, so the page
 * can show what the cache saves. Open to guests: the caller (app/playground/generate/route.ts) applies the
 * playground's rate limit; the bounds below keep one request small, since the engine is shared with the grader.
 *
 * @example
 *   const run = await startGeneration({ model: "gpt", prompt: "The cat", maxNewTokens: 8, cache: true });
 *   for await (const event of run.events()) console.log(event);
 *   // { type: "token", index: 0, id: 3797, text: " sat", phase: "prefill", stepMs: 4.1, forwardMs: 3.8, tokensSent: 2 } …
 *   // { type: "done", finishReason: "length", text: " sat on the mat …", ttftMs: 4.1, tpotMs: 1.2, … }
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { type Engine, getEngine, isCallerError, type KvCache } from "@/lib/engine";

/** Bounds of one playground generation; the grader's limits are much larger, this is a demo. */
export const GENERATION_LIMITS = { maxPromptChars: 500, maxPromptTokens: 128, maxNewTokens: 64 } as const;

export const GenerationInputSchema = z.object({
  model: z.string().min(1).max(64),
  prompt: z.string().min(1).max(GENERATION_LIMITS.maxPromptChars),
  maxNewTokens: z.number().int().min(1).max(GENERATION_LIMITS.maxNewTokens),
  cache: z.boolean(),
});
export type GenerationInput = z.infer<typeof GenerationInputSchema>;

/** What a step did: "prefill" (the prompt, with the cache), "decode" (one new position), "recompute" (no cache). */
export type StepPhase = "prefill" | "decode" | "recompute";

export type GenerationEvent =
  | { type: "start"; model: string; cache: boolean; promptTokens: number; maxNewTokens: number }
  | {
      type: "token";
      index: number;
      id: number;
      /** Text this token completed (empty while a multi-byte character is still incomplete). */
      text: string;
      phase: StepPhase;
      /** Wall time of the step on the host: forward pass, argmax and detokenization. */
      stepMs: number;
      /** The engine's forward stage alone. */
      forwardMs: number;
      /** Token positions this step's forward computed. */
      tokensSent: number;
    }
  | {
      type: "done";
      finishReason: "eos" | "length";
      text: string;
      tokens: number;
      /** Time to first token: the first step (prefill, or the first recomputation). */
      ttftMs: number;
      /** Mean time per output token after the first (null with one token). */
      tpotMs: number | null;
      tokensPerSecond: number;
      totalMs: number;
      /** Token positions computed over the whole generation (prompt + n − 1 with the cache). */
      tokensSent: number;
    };

export interface GenerationRun {
  promptTokens: number;
  /** Generates lazily: nothing runs until the caller asks for the next event, and stopping early stops the work. */
  events(signal?: AbortSignal): AsyncGenerator<GenerationEvent>;
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.join(".") || "input"] ??= []).push(issue.message);
  return fields;
}

/**
 * Checks the request (shape, a decoder model, prompt length in tokens) and returns the generation to run.
 * Throws AppError INVALID_INPUT for a bad request and UNAVAILABLE when the engine cannot start.
 */
export async function startGeneration(input: unknown, options: { engine?: Engine } = {}): Promise<GenerationRun> {
  const parsed = GenerationInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "The generation request is not valid.", fieldErrors(parsed.error));
  const { model, prompt, maxNewTokens, cache } = parsed.data;

  let engine: Engine;
  try {
    engine = options.engine ?? (await getEngine());
  } catch (cause) {
    throw new AppError("UNAVAILABLE", "The inference engine is not available.", undefined, { retryAfterSeconds: 30, cause });
  }
  const decoders = engine.listModels().filter((m) => m.kind === "gpt").map((m) => m.name);
  if (!decoders.includes(model)) {
    throw new AppError("INVALID_INPUT", `"${model.slice(0, 64)}" is not a decoder model; choose one of: ${decoders.join(", ") || "none loaded"}.`, { model: ["not a decoder model"] });
  }
  const info = engine.info(model);
  const promptIds = (engine.tokenize(model, prompt) as { input_ids: number[] }).input_ids;
  // tokenize stops at the model's max_length, so a prompt that fills it was cut: refuse it rather than cut it.
  const promptLimit = Math.min(GENERATION_LIMITS.maxPromptTokens, info.max_length - 1);
  if (promptIds.length > promptLimit) {
    throw new AppError("INVALID_INPUT", `The prompt has more than ${promptLimit} tokens, the playground's limit for ${model}.`, { prompt: ["too many tokens"] });
  }
  const room = info.max_length - promptIds.length;
  if (room < maxNewTokens) {
    throw new AppError("INVALID_INPUT", `The prompt leaves room for ${Math.max(room, 0)} new tokens in ${model}'s ${info.max_length} positions.`, { maxNewTokens: ["too many for this prompt"] });
  }
  return { promptTokens: promptIds.length, events: (signal) => generate(engine, model, promptIds, maxNewTokens, cache, signal) };
}

async function* generate(engine: Engine, model: string, promptIds: number[], maxNewTokens: number, cache: boolean, signal?: AbortSignal): AsyncGenerator<GenerationEvent> {
  const eos = engine.info(model).eos_id;
  yield { type: "start", model, cache, promptTokens: promptIds.length, maxNewTokens };
  const generated: number[] = [];
  let emitted = "";
  let past: KvCache | null = null;
  let tokensSent = 0;
  const stepTimes: number[] = [];
  let finishReason: "eos" | "length" = "length";
  const started = performance.now();

  while (generated.length < maxNewTokens) {
    if (signal?.aborted) return;
    const stepStarted = performance.now();
    let ids: number[];
    let phase: StepPhase;
    if (!cache) [ids, phase] = [[...promptIds, ...generated], "recompute"];
    else if (past === null) [ids, phase] = [promptIds, "prefill"];
    else [ids, phase] = [[generated[generated.length - 1]], "decode"];
    let result;
    try {
      result = await engine.forward(model, { input_ids: [ids], past: cache ? past : null });
    } catch (error) {
      if (isCallerError(error)) throw new AppError("INVALID_INPUT", (error as Error).message);
      throw error;
    }
    past = cache ? (result.outputs.past as KvCache) : null;
    tokensSent += ids.length;
    const id = argmax((result.outputs.logits as number[][])[0]);
    generated.push(id);
    // Incremental detokenization: decode everything generated (eos left out) and send what is new, holding back
    // a character whose bytes are not all there yet (byte-level BPE splits multi-byte characters across tokens).
    const text = engine.decode(model, id === eos ? generated.slice(0, -1) : generated);
    let piece = "";
    if (!text.endsWith("\ufffd") && text.startsWith(emitted)) {
      piece = text.slice(emitted.length);
      emitted = text;
    }
    const stepMs = performance.now() - stepStarted;
    stepTimes.push(stepMs);
    yield { type: "token", index: generated.length - 1, id, text: piece, phase, stepMs, forwardMs: result.trace.stagesNs.forward / 1e6, tokensSent: ids.length };
    if (id === eos) {
      finishReason = "eos";
      break;
    }
  }
  const totalMs = performance.now() - started;
  const finalText = engine.decode(model, generated.filter((id, i) => !(id === eos && i === generated.length - 1)));
  const later = stepTimes.slice(1);
  yield {
    type: "done",
    finishReason,
    text: finalText,
    tokens: generated.length,
    ttftMs: stepTimes[0] ?? 0,
    tpotMs: later.length > 0 ? later.reduce((s, x) => s + x, 0) / later.length : null,
    tokensPerSecond: totalMs > 0 ? (generated.length * 1000) / totalMs : 0,
    totalMs,
    tokensSent,
  };
}
