/**
 * A submission's own output never becomes an internal error (issue 15): NUL characters and unpaired surrogates
 * in what it prints, raises or returns, and values nested thousands of levels deep, all go through the real
 * worker pipeline (queue, sandbox, checker, verdict transaction in PostgreSQL) and end in an ordinary verdict
 * on the first attempt, with the text stored in a visible escaped form.
 */
import { getPrisma, disconnectPrisma } from "@/lib/db/client";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { startGraderWorker, type GraderWorker } from "@/lib/grader/pipeline/worker";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";
import { createUser, seedCodingQuestions, waitForFinal } from "./support";

jest.setTimeout(180_000);

let database: ScratchDatabase;
let owner: { id: string; role: "candidate" | "admin" };
let worker: GraderWorker;

beforeAll(async () => {
  database = await useOwnDatabase("clockwise_storable");
  await seedCodingQuestions();
  owner = await createUser();
  worker = await startGraderWorker({ concurrency: 2, log: () => {} });
});

afterAll(async () => {
  await worker?.stop();
  await closeQueue();
  await disconnectPrisma();
  await database?.drop();
});

const CASES = [
  {
    name: "NUL and a lone surrogate in stdout, stderr and the returned value",
    language: "python" as const,
    code: 'import sys\ndef llm_inference(text, engine):\n    print("a\\x00b")\n    sys.stderr.write("c\\x00d\\n")\n    return ["x\\x00y", "\\ud800"]\n',
    verdicts: ["WA", "RE"], // Python's harness refuses to encode a lone surrogate (RE with UnicodeEncodeError)
  },
  {
    name: "NUL in an exception message",
    language: "javascript" as const,
    code: 'function llmInference(text, engine) { throw new Error("bad\\u0000thing \\ud800"); }\n',
    verdicts: ["RE"],
  },
  {
    name: "a value nested 5,000 levels deep",
    language: "javascript" as const,
    code: "function llmInference(text, engine) { let v = []; for (let i = 0; i < 5000; i++) v = [v]; return v; }\n",
    verdicts: ["RE"],
  },
  {
    name: "a Python value nested 900 levels deep",
    language: "python" as const,
    code: "def llm_inference(text, engine):\n    v = []\n    for _ in range(900):\n        v = [v]\n    return v\n",
    verdicts: ["RE"],
  },
];

test.each(CASES)("$name: an ordinary verdict on the first attempt, never IE", async ({ language, code, verdicts }) => {
  const { id } = await createSubmission({ actor: owner, input: { questionSlug: "semantic-vector", language, code, mode: "submit" } });
  const final = await waitForFinal(id);
  expect(final.status).toBe("done");
  expect(verdicts).toContain(final.verdict);
  expect(final.attempts).toBe(1);
  const rows = await getPrisma().testResult.findMany({ where: { submissionId: id }, select: { stdout: true, stderr: true, error: true } });
  expect(rows.length).toBeGreaterThan(0);
  const texts = rows.flatMap((r) => [r.stdout, r.stderr, r.error ?? ""]);
  expect(texts.filter((t) => t.includes("\u0000"))).toEqual([]); // no raw NUL was stored
  if (code.includes("x00b")) expect(rows.some((r) => r.stdout.includes("a\\u0000b"))).toBe(true); // stored escaped, visible
  if (code.includes("5000")) expect(rows[0].error).toMatch(/nested deeper than 64 levels|cannot be sent/);
});
