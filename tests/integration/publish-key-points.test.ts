/**
 * Publishing refuses placeholder key points on every path (issue 18.9): saving as published, bulk publish, and an
 * import that would publish. A draft with them is fine (that is where an import lands).
 */
import { disconnectPrisma } from "@/lib/db/client";
import { saveQuestion } from "@/lib/use-cases/admin/save-question";
import { setQuestionStatus } from "@/lib/use-cases/admin/set-question-status";
import { previewImport } from "@/lib/use-cases/admin/import-bank";
import { makeBundle, serializeBundle } from "@/lib/bank/bundle";
import { asAdmin, conceptQuestion, createUser, runId } from "./admin-support";

const id = runId();
const kv = (slug: string, status: "draft" | "published") =>
  conceptQuestion(slug, {
    status,
    content: { en: { title: "KV cache", body: "What does the KV cache hold?", answer: "K and V.", keyPoints: ["K", "V"], explanation: "", probes: [] } },
  });

afterAll(() => disconnectPrisma());

test("a draft may hold placeholder key points; publishing it is refused until they are real", async () => {
  const admin = asAdmin(await createUser("admin"));
  const slug = `kv-${id}`;
  await saveQuestion({ actor: admin, input: kv(slug, "draft"), expectedVersion: null });
  await expect(setQuestionStatus({ actor: admin, slugs: [slug], status: "published" })).rejects.toMatchObject({
    code: "INVALID_INPUT",
    fields: { [slug]: ['en key point 1 "K" is too short to score against (at least 3 letters)', 'en key point 2 "V" is too short to score against (at least 3 letters)'] },
  });
  await expect(saveQuestion({ actor: admin, input: kv(slug, "published"), expectedVersion: 1 })).rejects.toMatchObject({ code: "INVALID_INPUT" });

  const fixed = conceptQuestion(slug, { status: "draft" });
  await saveQuestion({ actor: admin, input: fixed, expectedVersion: 1 });
  expect((await setQuestionStatus({ actor: admin, slugs: [slug], status: "published" })).changed).toEqual([{ slug, version: 3 }]);
});

test("an import that would publish placeholder key points reports them", async () => {
  const admin = asAdmin(await createUser("admin"));
  const text = serializeBundle(makeBundle([kv(`kv-import-${id}`, "published")]));
  const preview = await previewImport({ actor: admin, files: [{ name: "bank.json", text }] });
  expect(preview.problems.map((p) => [p.slug, p.path])).toEqual([
    [`kv-import-${id}`, "content"],
    [`kv-import-${id}`, "content"],
  ]);
});
