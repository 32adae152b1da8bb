/**
 * Greedy generation on a decoder LM, step by step, with the four stages of the seed article per step:
 * input (the new token → tensors), forward (session.run with the KV cache), post (logits out), and
 * feedback (argmax, the token appended and fed back). Used by the CLI, the benchmarks and the playground;
 * `cache: false` recomputes the whole sequence every step (to show what the cache saves); `stopAtEos: false`
 * keeps going after EOS (benchmarks that need a fixed number of steps).
 */
import { EngineError } from "./errors";
import type { Engine, Trace } from "./engine";
import { argmax } from "./post-process";

export type GenerationStep = {
  index: number;
  phase: "prefill" | "decode";
  /** The token chosen from this step's logits. */
  token: number;
  /** Token ids this step sent to forward. */
  tokensIn: number;
  pastLength: number;
  /** The engine's stages for this step's forward call, plus the feedback (argmax + append) in ms. */
  stagesMs: { input: number; forward: number; post: number; feedback: number };
};

export type Generation = {
  model: string;
  promptIds: number[];
  ids: number[];
  text: string;
  stoppedAt: "eos" | "max_tokens";
  steps: GenerationStep[];
  summary: { promptTokens: number; newTokens: number; forwardTokens: number; ttftMs: number; tpotMs: number | null; tokensPerSecond: number | null; totalMs: number };
};

const ms = (ns: number) => ns / 1e6;

/**
 * @example
 * const g = await generateGreedy(engine, "gpt", engine.tokenize("gpt", "The cat").input_ids, 8);
 * g.text // → " sat on the mat"; g.steps[0].phase // → "prefill"; g.summary.tpotMs // → 1.9
 */
export async function generateGreedy(
  engine: Engine,
  model: string,
  promptIds: number[],
  maxNew: number,
  opts: { cache?: boolean; stopAtEos?: boolean } = {},
): Promise<Generation> {
  const cache = opts.cache ?? true;
  const stopAtEos = opts.stopAtEos ?? true;
  if (!Number.isInteger(maxNew) || maxNew < 1) throw new EngineError("INVALID_INPUT", `max tokens must be a positive integer, got ${maxNew}`);
  if (promptIds.length === 0) throw new EngineError("INVALID_INPUT", "the prompt has no tokens");
  const info = engine.info(model);
  if (info.kind !== "gpt") throw new EngineError("UNSUPPORTED", `generate needs a decoder LM; "${model}" is a ${info.kind} model`);
  const eos = info.eos_id;
  const room = info.max_length - promptIds.length;
  const steps: GenerationStep[] = [];
  const ids: number[] = [];
  const started = process.hrtime.bigint();
  let past: unknown = null;
  let input = promptIds;
  let stoppedAt: Generation["stoppedAt"] = "max_tokens";
  for (let index = 0; index < Math.min(maxNew, room + 1); index++) {
    const { outputs, trace }: { outputs: Record<string, unknown>; trace: Trace } = await engine.forward(model, { input_ids: [input], past });
    const feedbackStart = process.hrtime.bigint();
    const token = argmax((outputs.logits as number[][])[0]);
    ids.push(token);
    const sent = input.length;
    input = cache ? [token] : [...promptIds, ...ids];
    past = cache ? outputs.past : null;
    steps.push({
      index,
      phase: trace.phase ?? "prefill",
      token,
      tokensIn: sent,
      pastLength: trace.pastLength ?? 0,
      stagesMs: { input: ms(trace.stagesNs.input), forward: ms(trace.stagesNs.forward), post: ms(trace.stagesNs.post), feedback: ms(Number(process.hrtime.bigint() - feedbackStart)) },
    });
    if (token === eos && stopAtEos) {
      stoppedAt = "eos";
      break;
    }
    if (promptIds.length + ids.length > info.max_length) break; // the next step would not fit
  }
  const totalMs = ms(Number(process.hrtime.bigint() - started));
  const stepTotal = (step: GenerationStep) => step.stagesMs.input + step.stagesMs.forward + step.stagesMs.post + step.stagesMs.feedback;
  const ttftMs = stepTotal(steps[0]);
  const later = steps.slice(1);
  const decodeMs = later.reduce((sum, step) => sum + stepTotal(step), 0);
  return {
    model,
    promptIds,
    ids,
    text: engine.decode(model, ids),
    stoppedAt,
    steps,
    summary: {
      promptTokens: promptIds.length,
      newTokens: ids.length,
      forwardTokens: steps.reduce((sum, step) => sum + step.tokensIn, 0),
      ttftMs,
      tpotMs: later.length ? decodeMs / later.length : null,
      tokensPerSecond: later.length && decodeMs > 0 ? (later.length * 1000) / decodeMs : null,
      totalMs,
    },
  };
}
