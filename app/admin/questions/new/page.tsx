import { currentActor } from "@/lib/auth/guards";
import { QuestionEditor } from "../question-editor";
import { editorSupport } from "../editor-props";

export const dynamic = "force-dynamic";

/** /admin/questions/new */
export default async function NewQuestionPage() {
  const support = await editorSupport(await currentActor());
  return (
    <>
      <h1>New question</h1>
      <QuestionEditor initial={null} version={null} {...support} />
    </>
  );
}
