/**
 * Seed the bank from its source files, prisma/bank/**\/*.yaml (format: QuestionSchema in lib/bank/schema.ts).
 * Idempotent and respectful of admin edits: a slug that already exists (even soft-deleted) is skipped, so only
 * the first run and newly added files write anything. Every bad file is reported with its path inside the file.
 *
 * Run: `npx tsx prisma/seed.ts` (uses DATABASE_URL) or call `seedDatabase(prisma)`.
 *
 * @example
 *   const report = await seedDatabase(prisma); // { created: ["semantic-vector", ...], skipped: [], errors: [] }
 */
import fs from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import YAML from "yaml";
import { QuestionSchema, type Question } from "../lib/bank/schema";
import type { PrismaClient } from "../lib/db/generated/prisma/client";
import { writeQuestion } from "../lib/db/questions/question-record";

export const BANK_DIR = path.resolve(__dirname, "bank");

export interface SeedError {
  file: string;
  /** Dotted path inside the file, e.g. "coding.tests.2.args"; "" for a whole-file problem. */
  path: string;
  message: string;
}

export interface SeedReport {
  created: string[];
  skipped: string[];
  errors: SeedError[];
  /** True when the bank files had not changed since the last seed, so nothing was parsed. */
  unchanged: boolean;
}

function listYamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name))
    .sort();
}

/** Parse every bank file; valid questions and per-file errors (a duplicate slug is an error of the later file). */
export function loadBank(bankDir: string = BANK_DIR): { questions: Array<{ file: string; question: Question }>; errors: SeedError[] } {
  const questions: Array<{ file: string; question: Question }> = [];
  const errors: SeedError[] = [];
  const seen = new Map<string, string>();
  for (const absolute of listYamlFiles(bankDir)) {
    const file = path.relative(process.cwd(), absolute);
    let raw: unknown;
    try {
      const doc = YAML.parseDocument(fs.readFileSync(absolute, "utf8"));
      if (doc.errors.length) {
        for (const e of doc.errors) errors.push({ file, path: "", message: e.message });
        continue;
      }
      raw = doc.toJS();
    } catch (error) {
      errors.push({ file, path: "", message: (error as Error).message });
      continue;
    }
    const parsed = QuestionSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ file, path: issue.path.map(String).join("."), message: issue.message });
      continue;
    }
    const earlier = seen.get(parsed.data.slug);
    if (earlier) {
      errors.push({ file, path: "slug", message: `slug "${parsed.data.slug}" is already used by ${earlier}` });
      continue;
    }
    seen.set(parsed.data.slug, file);
    questions.push({ file, question: parsed.data });
  }
  return { questions, errors };
}

/** A fingerprint of the bank files (names and contents): unchanged files need no parsing at start-up. */
export function bankFingerprint(bankDir: string = BANK_DIR): string {
  const hash = createHash("sha256");
  for (const file of listYamlFiles(bankDir)) {
    hash.update(path.relative(bankDir, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

const SEEDED_ACTION = "bank.seeded";

export async function seedDatabase(prisma: PrismaClient, options: { bankDir?: string } = {}): Promise<SeedReport> {
  const bankDir = options.bankDir ?? BANK_DIR;
  const fingerprint = bankFingerprint(bankDir);
  const target = `bank:${path.relative(process.cwd(), bankDir) || "."}`;
  const last = await prisma.auditLog.findFirst({ where: { action: SEEDED_ACTION, target }, orderBy: { createdAt: "desc" }, select: { details: true } });
  if ((last?.details as { fingerprint?: string } | null)?.fingerprint === fingerprint) {
    return { created: [], skipped: [], errors: [], unchanged: true };
  }
  const { questions, errors } = loadBank(bankDir);
  const report: SeedReport = { created: [], skipped: [], errors, unchanged: false };
  if (questions.length === 0) return report;
  const existing = new Set(
    (await prisma.question.findMany({ where: { slug: { in: questions.map((q) => q.question.slug) } }, select: { slug: true } })).map(
      (q) => q.slug,
    ),
  );
  for (const { file, question } of questions) {
    if (existing.has(question.slug)) {
      report.skipped.push(question.slug);
      continue;
    }
    try {
      await prisma.$transaction(async (tx) => {
        await writeQuestion(tx, question, { existing: null, authorId: null, summary: `seeded from ${file}` });
        await tx.auditLog.create({ data: { action: "question.seed", target: `question:${question.slug}`, details: { file } } });
      });
      report.created.push(question.slug);
    } catch (error) {
      // Another process seeding at the same moment created it first.
      if ((error as { code?: string }).code === "P2002") report.skipped.push(question.slug);
      else report.errors.push({ file, path: "", message: (error as Error).message });
    }
  }
  // Remember a clean pass; a bank with errors is looked at again next time.
  if (report.errors.length === 0) {
    await prisma.auditLog.create({
      data: { action: SEEDED_ACTION, target, details: { fingerprint, created: report.created.length, skipped: report.skipped.length } },
    });
  }
  return report;
}

/** One line per error: "prisma/bank/coding/x.yaml: coding.tests.0.args: expected 1 arguments (text), got 2". */
export function formatSeedErrors(errors: SeedError[]): string {
  return errors.map((e) => `${e.file}: ${e.path ? `${e.path}: ` : ""}${e.message}`).join("\n");
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const { createPrismaClient } = await import("../lib/db/client");
  const prisma = createPrismaClient(url);
  try {
    const report = await seedDatabase(prisma);
    console.log(
      report.unchanged
        ? "seed: bank files unchanged since the last seed; nothing to do"
        : `seed: ${report.created.length} created, ${report.skipped.length} already present, ${report.errors.length} errors`,
    );
    if (report.errors.length) {
      console.error(formatSeedErrors(report.errors));
      process.exitCode = 1;
    }
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
