/**
 * Fair grading (issue 16, ADR 0909), measured with the real queue and a real grader worker (sandbox, engine):
 * user A floods the queue with FLOOD slow Runs (each sleeps in the box), then user B sends one Run. B's queue wait
 * (created → running) and total time (created → done) are printed as a table, with fairness off
 * (CLOCKWISE_FAIR_GRADING=off: first come, first served) and on (a user's k-th unfinished submission gets priority −k).
 *
 * @example
 *   npx tsx --conditions react-server tests/load/fair-grading.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";

const FLOOD = Number(process.env.FAIR_FLOOD ?? 10);
const SLOW = "import time\n\ndef llm_inference(text, engine):\n    time.sleep(0.6)\n    return []\n";
const QUICK = "def llm_inference(text, engine):\n    return []\n";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-fair-"));
  fs.chmodSync(dataDir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port: 5491, ephemeral: true });
  process.env.DATABASE_URL = db.url;
  process.env.CLOCKWISE_SUBMISSION_RATE_LIMIT = "1000";
  const rows: string[][] = [];
  try {
    await applyMigrations(db.url);
    const { getPrisma, disconnectPrisma } = await import("@/lib/db/client");
    const { seedCodingQuestions, createUser } = await import("../pipeline/support");
    const { createSubmission } = await import("@/lib/use-cases/submissions/create-submission");
    const { startGraderWorker } = await import("@/lib/grader/pipeline/worker");
    const { closeQueue } = await import("@/lib/grader/pipeline/queue");
    await seedCodingQuestions();
    const worker = await startGraderWorker({ databaseUrl: db.url, log: () => undefined });
    if (!worker.status().ok) throw new Error(`grader not ready: ${worker.status().reason}`);

    for (const fair of ["off", "on"]) {
      process.env.CLOCKWISE_FAIR_GRADING = fair;
      const a = await createUser();
      const b = await createUser();
      const submit = (actor: { id: string; role: "candidate" | "admin" }, code: string) =>
        createSubmission({ actor, input: { questionSlug: "semantic-vector", language: "python", code, mode: "run" } });
      const t0 = Date.now();
      const flood: string[] = [];
      for (let i = 0; i < FLOOD; i++) flood.push((await submit(a, SLOW)).id);
      const tb = Date.now();
      const { id } = await submit(b, QUICK);
      let startedAt = 0;
      for (;;) {
        const row = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { status: true } });
        if (!startedAt && row.status !== "queued") startedAt = Date.now();
        if (row.status === "done" || row.status === "failed") break;
        await sleep(50);
      }
      const doneAt = Date.now();
      const aheadOfB = await getPrisma().submission.count({ where: { id: { in: flood }, startedAt: { lte: new Date(startedAt) } } });
      // Drain A's flood before the next round.
      for (;;) {
        const left = await getPrisma().submission.count({ where: { id: { in: flood }, status: { in: ["queued", "running"] } } });
        if (left === 0) break;
        await sleep(200);
      }
      rows.push([fair, String(FLOOD), `${startedAt - tb} ms`, `${doneAt - tb} ms`, String(aheadOfB), `${((Date.now() - t0) / 1000).toFixed(1)} s`]);
    }
    await worker.stop();
    await closeQueue();
    await disconnectPrisma();
  } finally {
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\nfair grading — ${new Date().toISOString()} — ${os.availableParallelism()} cores, one grader worker\n`);
  console.log("| fairness | A's queued Runs | B's queue wait | B's time to verdict | A's Runs started before B's | A's flood drained in |\n|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
