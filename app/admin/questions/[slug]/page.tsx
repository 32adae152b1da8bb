import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/guards";
import { getAdminQuestion } from "@/lib/use-cases/admin/get-admin-question";
import { isAppError } from "@/lib/errors";
import { QuestionEditor } from "../question-editor";
import { editorSupport } from "../editor-props";

export const dynamic = "force-dynamic";

/** /admin/questions/[slug]: edit one question (the version loaded is sent back on save). */
export default async function EditQuestionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await currentActor();
  const loaded = await getAdminQuestion({ actor, slug }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const support = await editorSupport(actor);
  const title = loaded.question.content.zh?.title ?? loaded.question.content.en?.title ?? slug;
  if (loaded.deletedAt) {
    return (
      <>
        <h1>{title}</h1>
        <p className="banner banner-error">
          This question is deleted. Restore it from the <Link href="/admin/questions?status=deleted">deleted questions</Link> to edit it.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{title}</h1>
      <QuestionEditor initial={loaded.question} version={loaded.version} {...support} />
    </>
  );
}
