/**
 * The hostile programs of the sandbox's second line (issue 15), plus a few classics, submitted the way a
 * candidate submits: through createSubmission, the PostgreSQL queue, a real grader worker, the sandbox, the
 * checker and the verdict transaction. Each must end with a verdict its first line allows, on its first attempt
 * (never IE and a retry), with nothing of the host in what is stored.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { loadBankFiles } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { writeQuestion } from "@/lib/db/questions/question-record";
import { closeQueue } from "@/lib/grader/pipeline/queue";
import { startGraderWorker, type GraderWorker } from "@/lib/grader/pipeline/worker";
import { createSubmission } from "@/lib/use-cases/submissions/create-submission";
import { useOwnDatabase, type ScratchDatabase } from "../support/scratch-database";
import { createUser, waitForFinal } from "../pipeline/support";
import { loadHostilePrograms, type HostileProgram } from "./support/hostile-programs";

jest.setTimeout(240_000);

const SELECTED = [
  "python/socket-families.py",
  "python/syscall-allow-list.py",
  "python/foreign-abi.py",
  "python/cpu-forks.py",
  "python/dev-writes.py",
  "python/inherited-fds.py",
  "python/deep-result.py",
  "python/engine-normalisation-blowup.py",
  "python/engine-huge-reply.py",
  "python/host-activity.py",
  "python/fork-bomb.py",
  "python/forged-future-frames.py",
  "python/read-secrets.py",
  "javascript/socket-families.js",
  "javascript/engine-unread-replies.js",
  "javascript/unstorable-output.js",
  "javascript/fork-bomb.js",
];
const PROGRAMS = [...loadHostilePrograms("python"), ...loadHostilePrograms("javascript")].filter((p) => SELECTED.includes(p.name));

let database: ScratchDatabase;
let worker: GraderWorker;
let server: net.Server;
let port = 0;
let connections = 0;

/** A published coding question whose one test hands the program its ctx and expects "blocked". */
function hostileQuestion(): Question {
  const { questions } = loadBankFiles(path.resolve(__dirname, "../../prisma/bank"));
  const base = questions.find((q) => q.slug === "stable-softmax")!;
  const coding = base.coding!;
  return {
    ...base,
    slug: "hostile-probe",
    status: "published",
    coding: {
      ...coding,
      params: ["ctx"],
      checker: { type: "exact" },
      limits: { timeMsPerTest: 2_000, timeMsTotal: 10_000, memoryMb: 128, outputKb: 64, boxRestarts: 0 },
      languages: {
        python: { ...coding.languages.python, entry: "solve", reference: 'def solve(ctx, engine):\n    return "blocked"\n' },
        javascript: { ...coding.languages.javascript, entry: "solve", reference: 'function solve(ctx, engine) { return "blocked"; }\n' },
      },
      tests: [{ name: "attack", args: [{ port: 0, secretNames: ["DATABASE_URL", "BETTER_AUTH_SECRET"] }], expected: "blocked", sample: true, weight: 1 }],
    },
  } as Question;
}

beforeAll(async () => {
  server = net.createServer((socket) => {
    connections += 1;
    socket.end("secret-from-host-server\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
  database = await useOwnDatabase("clockwise_pipeline_attacks");
  const question = hostileQuestion();
  question.coding!.tests[0].args = [{ port, secretNames: ["DATABASE_URL", "BETTER_AUTH_SECRET"] }];
  await getPrisma().$transaction((tx) => writeQuestion(tx, question, { existing: null, authorId: null, summary: "hostile probe" }));
  worker = await startGraderWorker({ concurrency: 2, log: () => {} });
});

afterAll(async () => {
  await worker?.stop();
  await closeQueue();
  await disconnectPrisma();
  await database?.drop();
  await new Promise((r) => server.close(r));
});

test("every selected hostile program is present", () => {
  expect(PROGRAMS.map((p) => p.name).sort()).toEqual([...SELECTED].sort());
});

test.each(PROGRAMS.map((p) => [p.name, p] as [string, HostileProgram]))("%s through the worker pipeline", async (_name, program) => {
  const owner = await createUser(); // one account per program: the per-account submission rate limit stays out of it
  const { id } = await createSubmission({ actor: owner, input: { questionSlug: "hostile-probe", language: program.language, code: program.code, mode: "submit" } });
  const final = await waitForFinal(id, 120_000);
  expect({ status: final.status, attempts: final.attempts, allowed: program.expect.includes(final.verdict as never) ? "yes" : final.verdict }).toEqual({
    status: "done",
    attempts: 1,
    allowed: "yes",
  });
  const stored = JSON.stringify(await getPrisma().testResult.findMany({ where: { submissionId: id } }));
  for (const secret of ["secret-from-host-server", process.env.DATABASE_URL!, "/work/"]) expect(stored).not.toContain(secret);
});

test("nothing reached the host's TCP server", () => {
  expect(connections).toBe(0);
});
