/** The engine and grader parts of /api/health, each reduced to `{ ok, …, problem? }` with no internals. */
import { getEngine } from "@/lib/engine";

export interface ComponentHealth {
  ok: boolean;
  problem?: string;
  [key: string]: unknown;
}

export async function engineHealth(): Promise<ComponentHealth> {
  try {
    const engine = await getEngine();
    return { ok: true, models: engine.listModels().map((m) => ({ name: m.name, kind: m.kind })) };
  } catch (error) {
    return { ok: false, problem: `engine unavailable: ${(error as Error).message.split("\n")[0].slice(0, 200)}` };
  }
}

export async function graderHealth(): Promise<ComponentHealth> {
  try {
    const { graderStatus } = await import("@/lib/grader/pipeline/status");
    return (await graderStatus()) as ComponentHealth;
  } catch (error) {
    return { ok: false, problem: `grader status unavailable: ${(error as Error).message.split("\n")[0].slice(0, 200)}` };
  }
}
