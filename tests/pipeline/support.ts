/**
 * Shared set-up of the pipeline tests: the two seed coding questions written from the bank's own files
 * (prisma/bank/coding/*.yaml through lib/bank/load.ts and the data layer's writeQuestion), users inserted as rows,
 * and a poll for a submission's final state. Real Postgres from tests/support/global-setup.ts.
 */
import path from "node:path";
import { randomBytes } from "node:crypto";
import { loadBankFiles } from "@/lib/bank/load";
import { getPrisma } from "@/lib/db/client";
import { writeQuestion } from "@/lib/db/questions/question-record";

export const SEED_SLUGS = ["semantic-vector", "bert-text-classification"] as const;
const REPO = path.resolve(__dirname, "../..");

/** Writes the seed coding questions (published) unless present; returns their ids by slug. */
export async function seedCodingQuestions(): Promise<Record<string, string>> {
  const prisma = getPrisma();
  const { questions, errors } = loadBankFiles(path.join(REPO, "prisma/bank"));
  if (errors.length) throw new Error(`bank errors: ${JSON.stringify(errors.slice(0, 3))}`);
  const ids: Record<string, string> = {};
  for (const slug of SEED_SLUGS) {
    const question = questions.find((q) => q.slug === slug);
    if (!question) throw new Error(`seed question ${slug} missing from prisma/bank`);
    const existing = await prisma.question.findUnique({ where: { slug }, select: { id: true } });
    ids[slug] = existing
      ? existing.id
      : (await prisma.$transaction((tx) => writeQuestion(tx, { ...question, status: "published" }, { existing: null, authorId: null, summary: "test seed" }))).id;
  }
  return ids;
}

export async function createUser(role: "candidate" | "admin" = "candidate"): Promise<{ id: string; role: "candidate" | "admin" }> {
  const id = `u_${randomBytes(6).toString("hex")}`;
  await getPrisma().user.create({ data: { id, name: id, email: `${id}@example.test`, role } });
  return { id, role };
}

/** Polls the row until it is final (done/failed) or `timeoutMs` passes. */
export async function waitForFinal(id: string, timeoutMs = 60_000): Promise<{ status: string; verdict: string | null; attempts: number }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const row = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { status: true, verdict: true, attempts: true } });
    if (row.status === "done" || row.status === "failed") return row;
    if (Date.now() > end) throw new Error(`submission ${id} still ${row.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls until `predicate` holds for the row. */
export async function waitForRow(id: string, predicate: (row: { status: string; attempts: number; results: number }) => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const row = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { status: true, attempts: true, _count: { select: { results: true } } } });
    if (predicate({ status: row.status, attempts: row.attempts, results: row._count.results })) return;
    if (Date.now() > end) throw new Error(`submission ${id}: condition not met after ${timeoutMs} ms (${row.status}, attempt ${row.attempts})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const SOLUTIONS = path.join(REPO, "tests/grader/solutions/semantic-vector");
