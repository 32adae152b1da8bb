"use server";
/**
 * The playground's one action: run a model on a short text and return what each stage produced and how
 * long it took. Open to guests, limited per client (signed-in users by id, guests by the address the edge server
 * recorded), counted in PostgreSQL so every web process shares the limit (guest-rate-limit.ts).
 */
import { headers } from "next/headers";
import { z } from "zod";
import { getActor } from "@/lib/auth/session";
import { clientAddress } from "@/lib/auth/client-address";
import { consumeRateLimit } from "@/lib/auth/rate-limit-window";
import { AppError } from "@/lib/errors";
import { actionError, type ActionFailure } from "@/lib/web/action-result";
import { getEngine, isCallerError } from "@/lib/engine";
import { getTranslator } from "@/lib/i18n/server";
import { childLogger } from "@/lib/observability/log";
import { PLAYGROUND_MAX_CHARS, playgroundLimit } from "./guest-rate-limit";

const VECTOR_PREVIEW = 16;

export interface PlaygroundResult {
  ok: true;
  model: string;
  kind: string;
  tokens: string[];
  oov: string[];
  dim: number | null;
  vectorPreview: number[] | null;
  norm: number | null;
  classes: { label: string; prob: number }[] | null;
  stagesMs: { input: number; forward: number; post: number };
  tokenizeMs: number;
}
export type PlaygroundResponse = PlaygroundResult | ActionFailure;

const Input = z.object({ model: z.string().min(1).max(64), text: z.string().min(1).max(PLAYGROUND_MAX_CHARS) });

export async function runPlayground(model: string, text: string): Promise<PlaygroundResponse> {
  const h = await headers();
  const { locale, t } = await getTranslator();
  try {
    const actor = await getActor(h);
    const { key, rule } = playgroundLimit(actor, clientAddress(h));
    if (!(await consumeRateLimit(key, rule)).allowed) throw new AppError("RATE_LIMITED", "rate limited", undefined, { retryAfterSeconds: rule.windowSeconds });
  } catch (error) {
    return actionError(error, { locale, action: "runPlayground" });
  }
  const parsed = Input.safeParse({ model, text });
  if (!parsed.success) return actionError(new AppError("INVALID_INPUT", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")), { locale });
  try {
    const engine = await getEngine();
    const info = engine.info(parsed.data.model);
    const t0 = performance.now();
    const tokenized = engine.tokenize(parsed.data.model, parsed.data.text);
    const tokenizeMs = performance.now() - t0;
    const ns = (x: number | undefined) => (x ?? 0) / 1e6;
    if (info.labels) {
      const { predictions, trace } = await engine.classify(parsed.data.model, [parsed.data.text]);
      const p = predictions[0];
      return {
        ok: true, model: info.name, kind: info.kind, tokens: tokenized.tokens, oov: "oov" in tokenized ? tokenized.oov : [], dim: null, vectorPreview: null, norm: null,
        classes: p.probs.map((prob, i) => ({ label: info.labels![i], prob })).sort((a, b) => b.prob - a.prob),
        stagesMs: { input: ns(trace.stagesNs.input), forward: ns(trace.stagesNs.forward), post: ns(trace.stagesNs.post) },
        tokenizeMs,
      };
    }
    const { vectors, trace } = await engine.embed(parsed.data.model, [parsed.data.text]);
    const v = vectors[0];
    return {
      ok: true, model: info.name, kind: info.kind, tokens: tokenized.tokens, oov: "oov" in tokenized ? tokenized.oov : [], dim: v.length,
      vectorPreview: v.slice(0, VECTOR_PREVIEW), norm: Math.sqrt(v.reduce((s, x) => s + x * x, 0)), classes: null,
      stagesMs: { input: ns(trace.stagesNs.input), forward: ns(trace.stagesNs.forward), post: ns(trace.stagesNs.post) },
      tokenizeMs,
    };
  } catch (error) {
    // The engine names a bad request (unknown model, too long) plainly; anything else means it cannot run here now.
    const known = isCallerError(error) ? new AppError("INVALID_INPUT", (error as Error).message) : new AppError("UNAVAILABLE", t("playground.unavailable", { message: "engine" }), undefined, { cause: error });
    if (!isCallerError(error)) childLogger({ component: "playground" }).error({ event: "playground.engine_failed", err: error }, "playground could not run the engine");
    return actionError(known, { locale });
  }
}

/** Names of the loaded models, for the model picker; empty when the engine cannot start. */
export async function listPlaygroundModels(): Promise<{ name: string; kind: string }[]> {
  try {
    const engine = await getEngine();
    return engine.listModels().map((m) => ({ name: m.name, kind: m.kind }));
  } catch {
    return [];
  }
}
