import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { getRequestActor } from "@/lib/auth/request-actor";
import { getTranslator } from "@/lib/i18n/server";
import { translatePlural } from "@/lib/i18n/plural";
import type { MessageKey } from "@/lib/i18n/messages";
import { TAGS, TAG_NAMES } from "@/lib/bank/tags";
import { listQuestions, QUESTION_SORTS, type QuestionList } from "@/lib/use-cases/questions/list-questions";
import { listQuestionsByStatus } from "@/lib/use-cases/progress/list-questions-by-status";
import { getQuestionStatuses, QUESTION_USER_STATUSES, type QuestionUserStatus } from "@/lib/use-cases/progress/question-status";

// The tab title follows the UI language (WCAG 3.1.2: zh pages had English titles).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator()).t("nav.questions") };
}
export const dynamic = "force-dynamic";

const PAGE_SIZE = 20;

/** Search params as they arrive (string | string[]), checked once; bad values fall back to "no filter". */
const SearchSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  kind: z.enum(["concept", "coding"]).optional().catch(undefined),
  difficulty: z.enum(["easy", "medium", "hard"]).optional().catch(undefined),
  tags: z.enum(TAG_NAMES).optional().catch(undefined),
  status: z.enum(QUESTION_USER_STATUSES).optional().catch(undefined),
  sort: z.enum(QUESTION_SORTS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
type Search = z.infer<typeof SearchSchema>;

function href(search: Search, change: Partial<Search>): string {
  const merged = { ...search, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "" && !(k === "page" && v === 1)) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `/questions?${qs}` : "/questions";
}

export default async function QuestionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const first = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const search = SearchSchema.parse(first);
  const { locale, t } = await getTranslator();
  const actor = await getRequestActor();
  const filter = {
    locale,
    kind: search.kind,
    difficulty: search.difficulty ? [search.difficulty] : undefined,
    tags: search.tags ? [search.tags] : undefined,
    q: search.q || undefined,
    sort: search.sort ?? "newest",
    page: search.page ?? 1,
    pageSize: PAGE_SIZE,
  };
  const [list, statuses]: [QuestionList, Map<string, QuestionUserStatus>] = await Promise.all([
    actor && search.status ? listQuestionsByStatus({ actor, status: search.status, filter }) : listQuestions({ actor, ...filter }),
    actor ? getQuestionStatuses({ actor }).then((rows) => new Map(rows.map((r) => [r.slug, r.status as QuestionUserStatus]))) : Promise.resolve(new Map<string, QuestionUserStatus>()),
  ]);

  return (
    <>
      <h1>{t("questions.title")}</h1>
      <form className="toolbar" method="get" action="/questions" role="search">
        <label className="stack">
          <span className="small muted">{t("questions.search")}</span>
          <input type="search" name="q" defaultValue={search.q ?? ""} placeholder={t("questions.search")} data-testid="question-search" />
        </label>
        <label className="stack">
          <span className="small muted">{t("questions.filter.kind")}</span>
          <select name="kind" defaultValue={search.kind ?? ""} data-testid="filter-kind">
            <option value="">{t("questions.filter.any")}</option>
            <option value="concept">{t("questions.kind.concept")}</option>
            <option value="coding">{t("questions.kind.coding")}</option>
          </select>
        </label>
        <label className="stack">
          <span className="small muted">{t("questions.filter.difficulty")}</span>
          <select name="difficulty" defaultValue={search.difficulty ?? ""} data-testid="filter-difficulty">
            <option value="">{t("questions.filter.any")}</option>
            {(["easy", "medium", "hard"] as const).map((d) => <option key={d} value={d}>{t(`questions.difficulty.${d}`)}</option>)}
          </select>
        </label>
        <label className="stack">
          <span className="small muted">{t("questions.filter.tag")}</span>
          <select name="tags" defaultValue={search.tags ?? ""} data-testid="filter-tag">
            <option value="">{t("questions.filter.any")}</option>
            {TAG_NAMES.map((tag) => <option key={tag} value={tag}>{TAGS[tag][locale]}</option>)}
          </select>
        </label>
        {actor ? (
          <label className="stack">
            <span className="small muted">{t("questions.filter.status")}</span>
            <select name="status" defaultValue={search.status ?? ""} data-testid="filter-status">
              <option value="">{t("questions.filter.any")}</option>
              {QUESTION_USER_STATUSES.map((s) => <option key={s} value={s}>{t(`questions.status.${s}`)}</option>)}
            </select>
          </label>
        ) : null}
        <label className="stack">
          <span className="small muted">{t("questions.sort")}</span>
          <select name="sort" defaultValue={search.sort ?? "newest"}>
            <option value="newest">{t("questions.sort.newest")}</option>
            <option value="oldest">{t("questions.sort.oldest")}</option>
            <option value="difficulty">{t("questions.sort.difficulty")}</option>
            <option value="slug">{t("questions.sort.slug")}</option>
          </select>
        </label>
        <button type="submit" className="primary" data-testid="filter-apply">{t("questions.filter.apply")}</button>
      </form>
      <p className="muted" data-testid="question-count">{translatePlural(locale, "questions.count", list.total)}</p>
      {list.items.length === 0 ? (
        <p>{t("questions.empty")}</p>
      ) : (
        <table className="list" data-testid="question-list">
          <thead>
            <tr>
              <th scope="col">{t("questions.col.title")}</th>
              <th scope="col">{t("questions.col.kind")}</th>
              <th scope="col">{t("questions.col.difficulty")}</th>
              <th scope="col" className="hide-narrow">{t("questions.col.tags")}</th>
              {actor ? <th scope="col" className="hide-narrow">{t("questions.filter.status")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.items.map((q) => {
              const status = statuses.get(q.slug) ?? "new";
              return (
                <tr key={q.slug} data-testid="question-row" data-slug={q.slug}>
                  <td>
                    {/* No viewport prefetch: a browser would otherwise request all 20 question pages (and every tag
                        filter below) from the server on each list view; see docs/adr/1104-page-render-cost.md. */}
                    <Link href={`/questions/${q.slug}`} prefetch={false} lang={q.locale === "zh" ? "zh-CN" : "en"}>{q.title}</Link>
                    {q.locale !== locale ? <span className="tag" title={t("question.translationMissing")}>{q.locale}</span> : null}
                  </td>
                  <td>{t(`questions.kind.${q.kind}` as MessageKey)}</td>
                  <td className={`difficulty-${q.difficulty}`}>{t(`questions.difficulty.${q.difficulty}` as MessageKey)}</td>
                  <td className="hide-narrow">
                    {q.tags.map((tag) => (
                      <Link key={tag} className="tag" href={href(search, { tags: tag as Search["tags"], page: 1 })} prefetch={false}>
                        {tag in TAGS ? TAGS[tag as keyof typeof TAGS][locale] : tag}
                      </Link>
                    ))}
                  </td>
                  {actor ? <td className={`hide-narrow status-${status}`}>{t(`questions.status.${status}` as MessageKey)}</td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label={t("questions.page", { page: list.page, pages: list.pageCount })}>
        {list.page > 1 ? <Link href={href(search, { page: list.page - 1 })} rel="prev">{t("questions.prev")}</Link> : <span className="muted">{t("questions.prev")}</span>}
        <span>{t("questions.page", { page: list.page, pages: list.pageCount })}</span>
        {list.page < list.pageCount ? <Link href={href(search, { page: list.page + 1 })} rel="next">{t("questions.next")}</Link> : <span className="muted">{t("questions.next")}</span>}
      </nav>
    </>
  );
}
