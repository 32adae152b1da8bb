/**
 * Sample tests whose expected value comes from the reference solution show the cached reference output on the
 * question page (issue 18.8, lib/use-cases/questions/get-sample-outputs.ts): read from grader.reference_run of the
 * question's current version only, only for the sample ordinals asked, and only where the reference answered.
 */
import { getPrisma, disconnectPrisma } from "@/lib/db/client";
import { writeReferenceRun } from "@/lib/db/submissions/reference-store";
import { getSampleOutputs } from "@/lib/use-cases/questions/get-sample-outputs";
import { runId } from "./admin-support";

const questionId = `q-sample-outputs-${runId()}`;

afterAll(async () => {
  await getPrisma().$executeRawUnsafe(`DELETE FROM grader.reference_run WHERE question_id = $1`, questionId);
  await disconnectPrisma();
});

test("reads the current version's reference outputs for the asked sample ordinals", async () => {
  const run = (tag: string) => ({
    language: "python",
    tests: [
      { verdict: "AC", value: [`${tag}-0`], stages: { inputMs: 1, forwardMs: 1, postMs: 1 } },
      { verdict: "AC", value: { label: `${tag}-1` }, stages: { inputMs: 1, forwardMs: 1, postMs: 1 } },
      { verdict: "RE", error: "boom", stages: { inputMs: 1, forwardMs: 0, postMs: 0 } },
      { verdict: "AC", value: `${tag}-hidden`, stages: { inputMs: 1, forwardMs: 1, postMs: 1 } },
    ],
  });
  const db = getPrisma();
  await writeReferenceRun(db, `${questionId}:v1:python:abc`, questionId, run("old"));
  await writeReferenceRun(db, `${questionId}:v2:python:abc`, questionId, run("new"));

  const outputs = await getSampleOutputs({ questionId, version: 2, ordinals: [0, 1, 2] });
  expect([...outputs.entries()].sort()).toEqual([
    [0, ["new-0"]],
    [1, { label: "new-1" }],
  ]); // ordinal 2: the reference failed there, so nothing; ordinal 3 was not asked for (a hidden test)
  expect((await getSampleOutputs({ questionId, version: 3, ordinals: [0] })).size).toBe(0); // no run cached yet
  expect((await getSampleOutputs({ questionId, version: 2, ordinals: [] })).size).toBe(0);
});
