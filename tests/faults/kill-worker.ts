/**
 * Fault (a): a standalone worker (`npm run worker`) is killed with SIGKILL while it grades a submission. Expected:
 * another worker re-runs it after the dead worker's heartbeats stop (6 missed 5 s beats, ADR 0701) and the
 * submission gets exactly one verdict: status done, AC, attempts 2, one TestResult per test, one verdict line.
 * Runs on its own throwaway PostgreSQL (tests/scale/support/proof-database.ts) with default worker settings.
 */
import { startProofDatabase } from "../scale/support/proof-database";
import { spawnWorker } from "../scale/support/worker-process";
import { CORRECT_PYTHON } from "../load/support/client";
import { log, type FaultResult } from "./scenario";

export async function killWorkerMidGrading(): Promise<FaultResult> {
  const t0 = Date.now();
  const fault = "(a) kill -9 a standalone worker mid-grading";
  const expected = "another worker re-runs it; exactly one final verdict (AC, attempts 2, one row per test)";
  const db = await startProofDatabase({ log });
  const workers = [] as ReturnType<typeof spawnWorker>[];
  try {
    const { getPrisma, disconnectPrisma } = await import("@/lib/db/client");
    const { createSubmission } = await import("@/lib/use-cases/submissions/create-submission");
    const { closeQueue } = await import("@/lib/grader/pipeline/queue");
    const prisma = getPrisma();
    const tests = await prisma.testCase.count({ where: { question: { slug: "semantic-vector" } } });
    const env = { CLOCKWISE_WORKER_CONCURRENCY: "1" };
    const first = spawnWorker({ name: "worker-1", databaseUrl: db.url, env });
    workers.push(first);
    await first.ready(120_000);
    // Correct but slow (1 s per test), so the kill lands while the box runs.
    const slow = CORRECT_PYTHON.replace(/def llm_inference\(text, engine\):\n/, "def llm_inference(text, engine):\n    __import__('time').sleep(1.0)\n");
    const { id } = await createSubmission({ actor: { id: db.userId, role: "candidate" }, input: { questionSlug: "semantic-vector", language: "python", code: slow, mode: "submit" } });
    await closeQueue();
    const end = Date.now() + 120_000;
    for (;;) {
      const row = await prisma.submission.findUniqueOrThrow({ where: { id }, select: { status: true, _count: { select: { results: true } } } });
      if (row.status === "running" && row._count.results >= 1) break;
      if (Date.now() > end) throw new Error(`the submission never started grading (${row.status})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await first.kill9();
    const killedAt = Date.now();
    log(`worker-1 killed -9 while grading ${id}; starting worker-2`);
    const second = spawnWorker({ name: "worker-2", databaseUrl: db.url, env });
    workers.push(second);
    await second.ready(120_000);
    const readyAfter = Date.now() - killedAt;
    let final: { status: string; verdict: string | null; attempts: number } | null = null;
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
      const row = await prisma.submission.findUniqueOrThrow({ where: { id }, select: { status: true, verdict: true, attempts: true } });
      if (row.status === "done" || row.status === "failed") {
        final = row;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const verdictAfter = Date.now() - killedAt;
    const ordinals = (await prisma.testResult.findMany({ where: { submissionId: id }, select: { ordinal: true } })).map((r) => r.ordinal).sort((a, b) => a - b);
    const verdictLines = workers.flatMap((w) => w.gradedIds()).filter((x) => x === id).length;
    await disconnectPrisma();
    const rowsOk = ordinals.length === tests && ordinals.every((o, i) => o === i);
    const pass = !!final && final.status === "done" && final.verdict === "AC" && final.attempts === 2 && rowsOk && verdictLines === 1 && !first.gradedIds().includes(id);
    const observed = final
      ? `${final.status} ${final.verdict}, attempts ${final.attempts}, ${ordinals.length}/${tests} test rows${rowsOk ? " (unique)" : " (WRONG)"}, ${verdictLines} verdict line(s) (worker-2); ` +
        `worker-2 ready ${(readyAfter / 1000).toFixed(1)} s and verdict ${(verdictAfter / 1000).toFixed(1)} s after the kill`
      : `no final verdict ${(verdictAfter / 1000).toFixed(0)} s after the kill`;
    return { fault, expected, observed, pass, seconds: (Date.now() - t0) / 1000 };
  } finally {
    for (const w of workers) await w.stop().catch(() => {});
    await db.stop();
  }
}
