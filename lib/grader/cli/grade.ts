/**
 * `npm run grade -- --question SLUG --language python|javascript|typescript --file PATH [--mode run|submit]
 *   [--custom JSON-ARRAY] [--json]`
 *
 * Grades a file against a question of the database, directly (no queue, nothing stored except the shared
 * reference cache): same tests, reference run, sandbox and engine as the worker. DATABASE_URL picks the
 * database; without it the embedded PostgreSQL of `npm start` is started (and stopped) via prepareDatabase.
 * Prints a verdict table, or with --json one object:
 *   { verdict, score, compileError, tests: [{ ordinal, name, verdict, stages: { input, forward, post }, ref, generation?, refGeneration?, error, diff }] }
 * (generation: a decoder test's decode loop — prefill/decode calls, TTFT/TPOT, sampled steps; lib/grader/types.ts)
 * (times in ms). Exit code: 0 for AC, 1 for any other verdict, 2 for a usage error.
 *
 * @example
 *   npm run grade -- --question semantic-vector --language python --file solution.py --json
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createPrismaClient } from "@/lib/db/client";
import { readGradableQuestion } from "@/lib/db/submissions/grading-store";
import { readReferenceRun, writeReferenceRun } from "@/lib/db/submissions/reference-store";
import { getEngine } from "@/lib/engine";
import type { EngineLike, GenerationTiming } from "../types";
import { gradeSubmission, type GradedSubmission } from "../pipeline/grade-submission";
import { ReferenceCache, type ReferenceRun } from "../pipeline/reference";
import { databaseUrl } from "@/lib/db/database-config";
import { loadConfig } from "@/lib/config/config";
import { configureLimits } from "../limits";
import { configureSandboxHost } from "../sandbox/host-settings";

const USAGE = "usage: npm run grade -- --question SLUG --language python|javascript|typescript --file PATH [--mode run|submit] [--custom JSON] [--json]";

const Args = z.object({
  question: z.string({ message: "--question is required" }).min(1),
  language: z.enum(["python", "javascript", "typescript"], { message: "--language must be python, javascript or typescript" }),
  file: z.string({ message: "--file is required" }).min(1),
  mode: z.enum(["run", "submit"], { message: "--mode must be run or submit" }).default("submit"),
  custom: z.string().optional(),
  json: z.boolean().default(false),
});

function usageError(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const ms = (x: number) => Math.round(x * 100) / 100;

/** A decoder test's loop in one cell: "1+23, 2.10/1.84"; "-" for other tests. */
function decodeLoop(g: GenerationTiming | null | undefined): string {
  if (!g) return "-";
  const f = (x: number | null) => (x === null ? "-" : ms(x).toFixed(2));
  return `${g.prefillCalls}+${g.decodeCalls}, ${f(g.ttftMs)}/${f(g.tpotMs)}`;
}

function printTable(graded: GradedSubmission): void {
  const out = process.stdout;
  out.write(`verdict ${graded.verdict}  score ${graded.score}  (reference: ${graded.referenceLanguage}, ${Math.round(graded.wallMs)} ms)\n`);
  if (graded.compileError) out.write(`compile error: ${graded.compileError}\n`);
  if (!graded.tests.length) return;
  const rows = graded.tests.map((t) => [
    String(t.ordinal + 1),
    (t.name ?? "").slice(0, 36),
    t.verdict,
    ms(t.inputMs).toFixed(2),
    ms(t.forwardMs).toFixed(2),
    ms(t.postMs).toFixed(2),
    t.ref ? `${ms(t.ref.inputMs).toFixed(2)}/${ms(t.ref.forwardMs).toFixed(2)}/${ms(t.ref.postMs).toFixed(2)}` : "-",
    String(t.engineCalls),
    decodeLoop(t.generation as GenerationTiming | null | undefined),
    (t.diff ?? t.error ?? "").split("\n").slice(-1)[0].slice(0, 60),
  ]);
  const head = ["#", "test", "verdict", "input ms", "forward ms", "post ms", "reference i/f/p", "calls", "decode: prefill+steps, ttft/tpot ms", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd() + "\n";
  out.write(line(head));
  out.write(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) out.write(line(row));
}

async function main() {
  let raw;
  try {
    raw = parseArgs({
      options: {
        question: { type: "string" },
        language: { type: "string" },
        file: { type: "string" },
        mode: { type: "string" },
        custom: { type: "string" },
        json: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    usageError((error as Error).message);
  }
  const parsed = Args.safeParse(raw);
  if (!parsed.success) usageError(parsed.error.issues.map((i) => i.message).join("\n"));
  const args = parsed.data;
  const file = path.resolve(args.file);
  if (!fs.existsSync(file)) usageError(`no such file: ${args.file}`);
  let customArgs: unknown[] | null = null;
  if (args.custom !== undefined) {
    if (args.mode !== "run") usageError("--custom needs --mode run");
    try {
      customArgs = JSON.parse(args.custom);
    } catch {
      usageError("--custom must be a JSON array of arguments, e.g. '[\"我喜欢吃饭\"]'");
    }
    if (!Array.isArray(customArgs)) usageError("--custom must be a JSON array of arguments");
  }

  const log = (line: string) => process.stderr.write(`[grade] ${line}\n`);
  // This process runs boxes: it hands the sandbox and the limits their sections (lib/config, validated here).
  const config = loadConfig();
  configureSandboxHost(config.sandbox);
  configureLimits(config.grader.limits);
  let stopDatabase = async () => {};
  let url = databaseUrl();
  if (!url) {
    const { prepareDatabase } = await import("@/lib/ops/prepare-database");
    const prepared = await prepareDatabase({ log });
    url = prepared.url;
    stopDatabase = prepared.stop;
  }
  const db = createPrismaClient(url);
  let exitCode = 1;
  try {
    const row = await db.question.findFirst({ where: { slug: args.question, deletedAt: null }, select: { id: true } });
    const question = row ? await readGradableQuestion(db, row.id) : null;
    if (!question) usageError(`no coding question "${args.question}" in the database`);
    const engine: EngineLike = await getEngine();
    const references = new ReferenceCache({
      read: (key) => readReferenceRun<ReferenceRun>(db, key),
      write: (key, questionId, run) => writeReferenceRun(db, key, questionId, run),
    });
    const graded = await gradeSubmission({
      question,
      language: args.language,
      code: fs.readFileSync(file, "utf8"),
      mode: args.mode,
      customArgs,
      engine,
      references,
    });
    if (args.json) {
      const stages = (s: { inputMs: number; forwardMs: number; postMs: number }) => ({ input: ms(s.inputMs), forward: ms(s.forwardMs), post: ms(s.postMs) });
      process.stdout.write(
        JSON.stringify({
          verdict: graded.verdict,
          score: graded.score,
          compileError: graded.compileError,
          tests: graded.tests.map((t) => ({
            ordinal: t.ordinal,
            name: t.name,
            verdict: t.verdict,
            stages: stages(t),
            ref: t.ref ? stages(t.ref) : null,
            ...(t.generation ? { generation: t.generation, refGeneration: t.refGeneration ?? null } : {}),
            error: t.error,
            diff: t.diff,
          })),
        }) + "\n",
      );
    } else {
      printTable(graded);
    }
    exitCode = graded.verdict === "AC" ? 0 : 1;
  } finally {
    await db.$disconnect();
    await (await getEngine().catch(() => undefined))?.close();
    await stopDatabase();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  process.stderr.write(`grade failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
