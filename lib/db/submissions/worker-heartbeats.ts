/**
 * Grader worker heartbeats (grader.worker): each worker upserts its row every few seconds with its self-test
 * status, so /api/health in the web process can tell whether anything is grading and, if not, why.
 *
 * No `import "server-only"`: used by the standalone worker.
 *
 * @example
 *   await beatWorker(prisma, { id, host, pid, concurrency, status: { ok: true, languages } });
 *   const alive = await listLiveWorkers(prisma, 30); // seen in the last 30 s
 */
import type { PrismaClient } from "../generated/prisma/client";

export interface WorkerBeat {
  id: string;
  host: string;
  pid: number;
  concurrency: number;
  status: unknown;
}

export interface WorkerRow extends WorkerBeat {
  startedAt: Date;
  seenAt: Date;
}

export async function beatWorker(db: PrismaClient, beat: WorkerBeat): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO grader.worker (id, host, pid, concurrency, status) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (id) DO UPDATE SET seen_at = now(), status = EXCLUDED.status, stopped_at = NULL`,
    beat.id,
    beat.host,
    beat.pid,
    beat.concurrency,
    JSON.stringify(beat.status),
  );
}

export async function markWorkerStopped(db: PrismaClient, id: string): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE grader.worker SET stopped_at = now() WHERE id = $1`, id);
}

/** Workers that beat within `freshSeconds` and have not stopped, newest first. */
export async function listLiveWorkers(db: PrismaClient, freshSeconds: number): Promise<WorkerRow[]> {
  const rows = await db.$queryRawUnsafe<
    { id: string; host: string; pid: number; concurrency: number; status: unknown; started_at: Date; seen_at: Date }[]
  >(
    `SELECT id, host, pid, concurrency, status, started_at, seen_at FROM grader.worker
     WHERE stopped_at IS NULL AND seen_at > now() - ($1::int * interval '1 second') ORDER BY seen_at DESC`,
    Math.round(freshSeconds),
  );
  return rows.map((r) => ({ id: r.id, host: r.host, pid: r.pid, concurrency: r.concurrency, status: r.status, startedAt: r.started_at, seenAt: r.seen_at }));
}

/** Forget workers not seen for a day (keeps the table small). */
export async function pruneWorkers(db: PrismaClient): Promise<void> {
  await db.$executeRawUnsafe(`DELETE FROM grader.worker WHERE seen_at < now() - interval '1 day'`);
}
