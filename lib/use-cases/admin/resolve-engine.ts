/**
 * The inference engine used to validate reference solutions: the process-wide one from lib/engine unless a
 * caller (a test, the CLI) passes its own. Loaded lazily so pages that never validate never load ONNX.
 *
 * @example
 *   const engine = await resolveEngine(options.engine);
 */
import type { EngineLike } from "@/lib/grader/types";

export async function resolveEngine(engine?: EngineLike): Promise<EngineLike> {
  if (engine) return engine;
  const { getEngine } = await import("@/lib/engine");
  return getEngine();
}
