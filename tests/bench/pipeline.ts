/**
 * Submission-to-verdict latency through the whole pipeline (Submission row + pg-boss job → worker → reference
 * cache → sandbox → engine → verdict row), per language, for a 10-test question (the semantic-vector seed task
 * plus one test): sequential submissions, then 8 at once. Grading overhead ratio = latency / Σ of the user's
 * per-test wall times (what the sandboxed program itself took, as timed by the host); pipeline / direct = latency
 * over the same grading done directly (gradeSubmission in this process, no queue and no database writes).
 *
 * Uses a throwaway embedded PostgreSQL (never DATABASE_URL: the bench writes questions and users) and an
 * in-process worker with the default concurrency (CPU count). The reference run is warmed first, so the
 * numbers are for a warm cache, which is the steady state.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { loadBankFiles } from "@/lib/bank/load";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaClient } from "@/lib/db/client";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { readGradableQuestion } from "@/lib/db/submissions/grading-store";
import { getEngine } from "@/lib/engine";
import { gradeSubmission } from "@/lib/grader/pipeline/grade-submission";
import { closeQueue, enqueueSubmission } from "@/lib/grader/pipeline/queue";
import { ReferenceCache } from "@/lib/grader/pipeline/reference";
import { startGraderWorker } from "@/lib/grader/pipeline/worker";
import { selfTestSolutions } from "@/lib/grader/self-test";
import type { EngineLike, GradeLanguage } from "@/lib/grader/types";
import { type BenchSuite, percentile, type Table } from "./bench-suite";

const SEQUENTIAL = 6;
const CONCURRENT = 8;
const LANGUAGES: GradeLanguage[] = ["python", "javascript", "typescript"];
const SLUG = "bench-semantic-vector-10";

type Prisma = ReturnType<typeof createPrismaClient>;

async function seedBenchQuestion(db: Prisma): Promise<void> {
  const { questions } = loadBankFiles(path.resolve(__dirname, "../../prisma/bank"));
  const base = questions.find((q) => q.slug === "semantic-vector");
  if (!base?.coding) throw new Error("semantic-vector is missing from prisma/bank");
  const tests = [...base.coding.tests, { name: "bench extra", args: ["推理的四个阶段：输入处理、前向计算、后处理和反馈"], sample: false, weight: 1 }];
  if (tests.length !== 10) throw new Error(`expected a 10-test question, got ${tests.length}`);
  const question = { ...base, slug: SLUG, status: "published" as const, coding: { ...base.coding, tests } };
  await db.$transaction((tx) => writeQuestion(tx, question, { existing: null, authorId: null, summary: "bench" }));
}

async function submitAndWait(db: Prisma, userId: string, questionId: string, language: GradeLanguage): Promise<{ latencyMs: number; userWallMs: number; verdict: string | null }> {
  const started = performance.now();
  const row = await db.submission.create({
    data: { userId, questionId, language, code: selfTestSolutions[language].code, mode: "submit" },
    select: { id: true },
  });
  await enqueueSubmission(row.id);
  for (;;) {
    const s = await db.submission.findUniqueOrThrow({ where: { id: row.id }, select: { status: true, verdict: true } });
    if (s.status === "done" || s.status === "failed") {
      const latencyMs = performance.now() - started;
      const agg = await db.testResult.aggregate({ where: { submissionId: row.id }, _sum: { wallMs: true } });
      return { latencyMs, userWallMs: agg._sum.wallMs ?? 0, verdict: s.verdict };
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

function row(label: string, samples: { latencyMs: number; userWallMs: number; verdict: string | null }[], directP50: number): (string | number)[] {
  const latencies = samples.map((s) => s.latencyMs);
  const ratio = samples.map((s) => s.latencyMs / Math.max(1e-6, s.userWallMs));
  const accepted = samples.filter((s) => s.verdict === "AC").length;
  const p50 = percentile(latencies, 50);
  return [label, samples.length, `${accepted}/${samples.length}`, p50, percentile(latencies, 95), percentile(ratio, 50), directP50, p50 / directP50];
}

export const pipelineSuite: BenchSuite = {
  name: "pipeline",
  async run(): Promise<Table[]> {
    // The worker's engine setting in npm start and npm run worker (no micro-batching window).
    process.env.CLOCKWISE_ENGINE_BATCH_WINDOW_MS ??= "0";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-bench-pg-"));
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 0, database: "clockwise_bench", ephemeral: true });
    const previousUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = server.url;
    const db = createPrismaClient(server.url);
    let worker: Awaited<ReturnType<typeof startGraderWorker>> | undefined;
    try {
      await applyMigrations(server.url);
      await seedBenchQuestion(db);
      const userId = `bench_${randomBytes(4).toString("hex")}`;
      await db.user.create({ data: { id: userId, name: userId, email: `${userId}@example.test` } });
      const { id: questionId } = await db.question.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } });
      worker = await startGraderWorker({ databaseUrl: server.url, log: () => {} });
      if (!worker.status().ok) throw new Error(`the worker cannot grade: ${worker.status().reason}`);

      const question = (await readGradableQuestion(db, questionId))!;
      const engine: EngineLike = await getEngine();
      const references = new ReferenceCache();
      const rows: (string | number)[][] = [];
      for (const language of LANGUAGES) {
        await submitAndWait(db, userId, questionId, language); // warms the reference cache and the box start path
        const direct: number[] = [];
        for (let i = 0; i < SEQUENTIAL; i++) {
          const started = performance.now();
          await gradeSubmission({ question, language, code: selfTestSolutions[language].code, mode: "submit", engine, references });
          direct.push(performance.now() - started);
        }
        const directP50 = percentile(direct, 50);
        const sequential = [];
        for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await submitAndWait(db, userId, questionId, language));
        rows.push(row(`${language}, sequential`, sequential, directP50));
        const concurrent = await Promise.all(Array.from({ length: CONCURRENT }, () => submitAndWait(db, userId, questionId, language)));
        rows.push(row(`${language}, ${CONCURRENT} at once`, concurrent, directP50));
      }
      return [
        {
          title: "Submission → verdict (10-test question, warm reference cache)",
          columns: ["language / load", "n", "AC", "p50 ms", "p95 ms", "latency / Σ test wall (p50)", "direct grading p50 ms", "pipeline / direct (p50)"],
          rows,
          note: `Worker concurrency ${os.cpus().length} (CPU count), polling 0.5 s (an in-process enqueue wakes the worker at once). Σ test wall = the user's program's per-test host-timed wall time; direct = gradeSubmission in-process (reference cached, no queue/DB).`,
        },
      ];
    } finally {
      await worker?.stop();
      await closeQueue();
      await db.$disconnect();
      process.env.DATABASE_URL = previousUrl;
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
