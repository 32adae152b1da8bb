/**
 * What /api/health reports: the database (reachable, fully migrated), the engine and the grader, each reduced to
 * `{ ok, …, problem? }` with no internals. `ok` is the database's: an instance without a database cannot serve.
 *
 * @example
 *   const health = await checkHealth(); // → { ok: true, status: "ok", database: { ok: true, … }, engine: …, grader: … }
 */
import { checkDatabase } from "@/lib/db/health";
import { getEngine } from "@/lib/engine";

export async function checkHealth() {
  const [database, engine, grader] = await Promise.all([checkDatabase(), engineHealth(), graderHealth()]);
  return { ok: database.ok, status: database.ok && engine.ok && grader.ok ? "ok" : "degraded", database, engine, grader };
}

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
