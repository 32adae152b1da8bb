/**
 * A grader worker for tests that validate reference solutions (Validate, Generate expected outputs, the publish
 * check): those are jobs on the grading queue since issue 12, so a worker must run. It runs on a database of its
 * own (a worker on the shared test database would take other files' submissions and change what they see, ADR 1103).
 * Call before anything in the file touches the Prisma client.
 *
 * @example
 *   let grader: ValidationGrader;
 *   beforeAll(async () => { grader = await startValidationGrader("clockwise_admin"); }, 120_000);
 *   afterAll(() => grader.stop());
 */
import { disconnectPrisma } from "@/lib/db/client";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { startGraderWorker, type GraderWorker } from "@/lib/grader/pipeline/worker";
import { closeRealEngine, realEngine } from "../grader/support/real-engine";
import { useOwnDatabase } from "./scratch-database";

export interface ValidationGrader {
  worker: GraderWorker;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startValidationGrader(prefix: string): Promise<ValidationGrader> {
  const database = await useOwnDatabase(prefix);
  const worker = await startGraderWorker({ concurrency: 1, heartbeatSeconds: 0.5, engine: await realEngine(), log: () => {} });
  if (!worker.status().ok) throw new Error(`the test's grader worker failed its self-test: ${worker.status().reason}`);
  return {
    worker,
    databaseUrl: database.url,
    stop: async () => {
      await worker.stop();
      await closeQueue();
      await disconnectPrisma();
      await closeRealEngine();
      await database.drop();
    },
  };
}
