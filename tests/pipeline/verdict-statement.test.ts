/**
 * The grader's writes after ADR 0704, on real PostgreSQL: a batch of progress rows, then the verdict statement that
 * replaces them with the final rows (visible I/O only for visible tests), fenced by the attempt, written once, with
 * UTC times even when the server's TimeZone is not UTC.
 */
import { getPrisma, disconnectPrisma } from "@/lib/db/client";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { claimSubmission, finishSubmission, recordTestResults, type TestResultInput } from "@/lib/db/submissions/grading-store";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";
import { conceptQuestion, createUser } from "../integration/admin-support";

let database: ScratchDatabase;
let submissionId: string;

function test_(ordinal: number, hidden: boolean, verdict: TestResultInput["verdict"] = "AC"): TestResultInput {
  return {
    ordinal, name: `t${ordinal}`, verdict, hidden, inputMs: 1, forwardMs: 2, postMs: 3, wallMs: 6, engineCalls: 1, tokens: 4, memoryKb: null,
    stdout: "", stderr: "", error: null, diff: null, ref: { inputMs: 1, forwardMs: 1, postMs: 1 },
    io: hidden ? null : { args: [`arg ${ordinal}`], expected: ordinal === 0 ? undefined : [ordinal], got: [ordinal] },
  };
}

beforeAll(async () => {
  database = await useOwnDatabase("clockwise_verdict_statement");
  // Times must come out in UTC whatever the session's zone (Prisma stores timestamp(3) as UTC).
  const name = new URL(database.url).pathname.slice(1);
  await getPrisma().$executeRawUnsafe(`ALTER DATABASE "${name}" SET timezone TO 'Asia/Shanghai'`);
  await disconnectPrisma();
  const user = await createUser("candidate");
  const { id: questionId } = await getPrisma().$transaction((tx) => writeQuestion(tx, conceptQuestion("verdict-statement-q"), { existing: null, authorId: null, summary: "t" }));
  ({ id: submissionId } = await getPrisma().submission.create({ data: { userId: user.id, questionId, language: "python", code: "x", mode: "submit" } }));
});

afterAll(async () => {
  await disconnectPrisma();
  await database?.drop();
});

test("progress batch, then one verdict statement: final rows replace progress rows, written once, fenced, UTC times", async () => {
  const db = getPrisma();
  expect((await db.$queryRawUnsafe<{ tz: string }[]>("SELECT current_setting('TimeZone') AS tz"))[0]!.tz).toBe("Asia/Shanghai");
  const claim = await claimSubmission(db, submissionId, "test-worker");
  expect(claim?.attempt).toBe(1);

  expect(await recordTestResults(db, submissionId, 1, [test_(0, false, "WA"), test_(1, true, "WA")])).toBe(true);
  expect(await db.testResult.count({ where: { submissionId } })).toBe(2);

  const before = Date.now();
  expect(await finishSubmission(db, submissionId, 2, { verdict: "AC", score: 1, error: null, tests: [test_(0, false)] })).toBe(false); // not this attempt
  expect(await finishSubmission(db, submissionId, 1, { verdict: "AC", score: 1, error: null, tests: [test_(0, false), test_(1, true), test_(2, false)] })).toBe(true);
  const after = Date.now();

  const rows = await db.testResult.findMany({ where: { submissionId }, orderBy: { ordinal: "asc" } });
  expect(rows.map((r) => [r.ordinal, r.verdict, r.hidden])).toEqual([[0, "AC", false], [1, "AC", true], [2, "AC", false]]);
  expect(rows[1]).toMatchObject({ refInputMs: 1, wallMs: 6, tokens: 4, memoryKb: null, generation: null });
  const io = await db.$queryRawUnsafe<{ ordinal: number; expected: unknown; got: unknown }[]>(
    `SELECT ordinal, expected, got FROM grader.test_io WHERE submission_id = $1 ORDER BY ordinal`, submissionId);
  expect(io).toEqual([{ ordinal: 0, expected: null, got: [0] }, { ordinal: 2, expected: [2], got: [2] }]); // hidden test 1: none

  const row = await db.submission.findUniqueOrThrow({ where: { id: submissionId } });
  expect(row).toMatchObject({ status: "done", verdict: "AC", score: 1 });
  // Stored in UTC: within the seconds around the call, not 8 hours off.
  expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(before - 5_000);
  expect(row.finishedAt!.getTime()).toBeLessThanOrEqual(after + 5_000);

  // Written once: a second verdict changes nothing.
  expect(await finishSubmission(db, submissionId, 1, { verdict: "WA", score: 0, error: null, tests: [] })).toBe(false);
  expect(await db.testResult.count({ where: { submissionId } })).toBe(3);
  expect((await db.submission.findUniqueOrThrow({ where: { id: submissionId } })).verdict).toBe("AC");
});
