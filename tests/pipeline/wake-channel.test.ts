/**
 * The grading queue's wake-up channel (issue 17): an enqueue NOTIFYs inside its transaction, so a listening
 * worker (on any machine) hears of a job exactly when it commits, never for a rolled-back one. Counted, not timed.
 */
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { closeQueue, enqueueSubmission, type SqlExecutor } from "@/lib/grader/pipeline/queue";
import { listenForGradeJobs, type GradeJobListener } from "@/lib/grader/pipeline/wake-channel";

let listener: GradeJobListener;
let woken = 0;

beforeAll(async () => {
  listener = await listenForGradeJobs(process.env.DATABASE_URL!, () => (woken += 1));
});
afterAll(async () => {
  await listener.close();
  await closeQueue();
  await disconnectPrisma();
});

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !predicate(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(predicate()).toBe(true);
}

const executor = (tx: Prisma.TransactionClient): SqlExecutor => ({
  executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
});

test("a committed enqueue wakes a listener; a rolled-back one does not", async () => {
  const before = woken;
  await enqueueSubmission("wake-test-1");
  await until(() => woken === before + 1);

  await getPrisma()
    .$transaction(async (tx) => {
      await enqueueSubmission("wake-test-rolled-back", { db: executor(tx) });
      throw new Error("roll back");
    })
    .catch(() => {});
  await getPrisma().$transaction(async (tx) => {
    await enqueueSubmission("wake-test-2", { db: executor(tx) });
  });
  // Notifications arrive in commit order: once the second committed one is here, a rolled-back one would be too.
  await until(() => woken === before + 2);
  expect(listener.received).toBe(woken);
});

test("the job row and its wake-up are one statement (one round trip)", async () => {
  const before = woken;
  const statements: string[] = [];
  await getPrisma().$transaction(async (tx) => {
    const inner = executor(tx);
    await enqueueSubmission("wake-test-one-statement", {
      db: { executeSql: (text: string, values: unknown[]) => (statements.push(text), inner.executeSql(text, values)) },
    });
  });
  expect(statements).toHaveLength(1);
  expect(statements[0]).toContain("pg_notify");
  await until(() => woken === before + 1);
});
