import Link from "next/link";
import { currentActor } from "@/lib/auth/guards";
import { listAdminQuestions, AdminQuestionFilterSchema } from "@/lib/use-cases/admin/list-admin-questions";
import { TAG_NAMES } from "@/lib/bank/tags";
import { QuestionTable } from "./question-table";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** /admin/questions: drafts and published (or deleted) questions with search, filters and bulk actions. */
export default async function AdminQuestionsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = AdminQuestionFilterSchema.safeParse({
    search: first(params.q),
    status: first(params.status),
    kind: first(params.kind),
    difficulty: first(params.difficulty),
    tag: first(params.tag),
    page: first(params.page),
  });
  const filter = parsed.success ? parsed.data : AdminQuestionFilterSchema.parse({});
  const list = await listAdminQuestions({ actor: await currentActor(), filter });
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const pageHref = (page: number) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (typeof value === "string" && key !== "page") next.set(key, value);
    next.set("page", String(page));
    return `/admin/questions?${next.toString()}`;
  };
  return (
    <>
      <h1>Questions</h1>
      <form className="filters" method="get" role="search">
        <label>
          Search
          <input name="q" type="search" defaultValue={filter.search ?? ""} placeholder="slug, title, text, tag" />
        </label>
        <label>
          Status
          <select name="status" defaultValue={filter.status}>
            <option value="all">drafts + published</option>
            <option value="draft">drafts</option>
            <option value="published">published</option>
            <option value="deleted">deleted</option>
          </select>
        </label>
        <label>
          Kind
          <select name="kind" defaultValue={filter.kind ?? ""}>
            <option value="">any</option>
            <option value="concept">concept</option>
            <option value="coding">coding</option>
          </select>
        </label>
        <label>
          Difficulty
          <select name="difficulty" defaultValue={filter.difficulty ?? ""}>
            <option value="">any</option>
            <option value="easy">easy</option>
            <option value="medium">medium</option>
            <option value="hard">hard</option>
          </select>
        </label>
        <label>
          Tag
          <select name="tag" defaultValue={filter.tag ?? ""}>
            <option value="">any</option>
            {TAG_NAMES.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          Filter
        </button>
        <Link href="/admin/questions/new" className="button">
          New question
        </Link>
      </form>
      <p className="muted">
        {list.total} question(s){pages > 1 ? ` · page ${list.page} of ${pages}` : ""}
      </p>
      <QuestionTable rows={list.rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString(), deletedAt: r.deletedAt?.toISOString() ?? null }))} deletedView={filter.status === "deleted"} />
      {pages > 1 ? (
        <nav className="pager" aria-label="Pages">
          {list.page > 1 ? <Link href={pageHref(list.page - 1)}>← Previous</Link> : null}
          {list.page < pages ? <Link href={pageHref(list.page + 1)}>Next →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
