import type { Metadata } from "next";
import Link from "next/link";
import { cache, Suspense } from "react";
import { notFound } from "next/navigation";
import "katex/dist/katex.min.css";
import { getRequestActor } from "@/lib/auth/request-actor";
import type { Actor } from "@/lib/auth/actor";
import { getQuestion, type QuestionView } from "@/lib/use-cases/questions/get-question";
import { listRecentSubmissions } from "@/lib/use-cases/progress/list-recent-activity";
import { listConceptAttempts } from "@/lib/use-cases/concept/list-concept-attempts";
import { getSampleOutputs } from "@/lib/use-cases/questions/get-sample-outputs";
import { apiBlock, type SignatureLanguage } from "@/lib/bank/signature";
import { isAppError } from "@/lib/errors";
import { renderMarkdown } from "@/lib/bank/markdown";
import { getTranslator } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/messages";
import { TAGS } from "@/lib/bank/tags";
import { SplitView } from "@/app/components/split-view";
import { CodingWorkspace, type HistoryEntry } from "./coding-workspace";
import { ConceptPanel } from "./concept-panel";
import { SimilarQuestions } from "./similar-questions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

const LANGUAGE_LABELS: Record<SignatureLanguage, string> = { python: "Python", javascript: "JavaScript", typescript: "TypeScript" };

// cache(): generateMetadata and the page share one session lookup and one question read per request.
const load = cache(async (slug: string): Promise<{ actor: Actor; question: QuestionView | null }> => {
  const { locale } = await getTranslator();
  const actor = await getRequestActor();
  try {
    return { actor, question: await getQuestion({ actor, slug, locale }) };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return { actor, question: null };
    throw error;
  }
});

/** The statement's first words as plain text, for the meta description (markdown, math and code stripped). */
function describe(body: string): string {
  const text = body
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/\$\$[\s\S]*?\$\$/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*_#>|$\\]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

// Rendered in <head> before the body streams (next.config.js htmlLimitedBots: metadata is never streamed).
export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { question } = await load((await params).slug);
  if (!question) return { title: (await getTranslator()).t("error.notFound") };
  return { title: question.title, description: describe(question.body) };
}

function Statement({ question, t, missingTranslation, uiLocale, sampleOutputs }: { question: QuestionView; t: (k: MessageKey, v?: Record<string, string | number>) => string; missingTranslation: boolean; uiLocale: "zh" | "en"; sampleOutputs?: Map<number, unknown> }) {
  const body = renderMarkdown(question.body);
  return (
    <article className="stack" style={{ gap: 8 }}>
      <p className="small"><Link href="/questions" prefetch={false}>{t("question.back")}</Link></p>
      <div className="question-head">
        {/* The title is in the question's language, which may differ from the UI's (WCAG 3.1.2). */}
        <h1 data-testid="question-title" lang={question.locale === "zh" ? "zh-CN" : "en"}>{question.title}</h1>
        <span className={`difficulty-${question.difficulty}`}>{t(`questions.difficulty.${question.difficulty}` as MessageKey)}</span>
        <span className="tag">{t(`questions.kind.${question.kind}` as MessageKey)}</span>
      </div>
      <div>
        {question.tags.map((tag) => (
          <Link key={tag} className="tag" href={`/questions?tags=${encodeURIComponent(tag)}`} prefetch={false}>
            {tag in TAGS ? TAGS[tag as keyof typeof TAGS][uiLocale] : tag}
          </Link>
        ))}
      </div>
      {missingTranslation ? <p className="notice" data-testid="translation-missing">{t("question.translationMissing")}</p> : null}
      <div className="markdown" lang={question.locale === "zh" ? "zh-CN" : "en"} dangerouslySetInnerHTML={{ __html: body.html }} />
      {question.coding ? (
        <p className="muted small" data-testid="test-counts">
          {t("coding.testCounts", { samples: question.coding.sampleTests.length, hidden: question.coding.hiddenTestCount })}
        </p>
      ) : null}
      {question.coding ? (
        <section data-testid="api-blocks">
          <h2>{t("coding.api")}</h2>
          {/* One signature (entry + params) rendered per offered language: Python sync, JS/TS async with await. */}
          {(Object.entries(question.coding.languages) as [SignatureLanguage, { entry: string } | undefined][]).flatMap(([lang, spec]) =>
            spec
              ? [
                  <div key={lang}>
                    <p className="muted small">{LANGUAGE_LABELS[lang]}</p>
                    <pre data-testid={`api-block-${lang}`}>
                      <code>{apiBlock(lang, { entry: spec.entry, params: question.coding!.params })}</code>
                    </pre>
                  </div>,
                ]
              : [],
          )}
        </section>
      ) : null}
      {question.coding && question.coding.sampleTests.length > 0 ? (
        <section>
          <h2>{t("coding.samples")}</h2>
          {question.coding.sampleTests.map((s) => {
            // A sample without a stored expected value shows the cached reference solution's output (issue 18.8).
            const fromReference = s.expected === undefined && sampleOutputs?.has(s.ordinal);
            const expected = s.expected !== undefined ? s.expected : sampleOutputs?.get(s.ordinal);
            const shown = expected === undefined ? "" : JSON.stringify(expected);
            return (
              <pre key={s.ordinal} data-testid="sample-test">
                <code>
                  {question.coding!.params.map((p, i) => `${p} = ${JSON.stringify(s.args[i])}`).join("\n")}
                  {expected !== undefined ? `\n→ ${shown.length > 300 ? `${shown.slice(0, 300)}…` : shown}` : ""}
                  {fromReference ? `\n  (${t("coding.expectedFromReference")})` : ""}
                </code>
              </pre>
            );
          })}
        </section>
      ) : null}
    </article>
  );
}

export default async function QuestionPage({ params }: Params) {
  const { slug } = await params;
  const { locale, t } = await getTranslator();
  const { actor, question } = await load(slug);
  if (!question) notFound();
  const missingTranslation = question.locale !== locale;

  if (question.kind === "coding" && question.coding) {
    const history: HistoryEntry[] = actor
      ? (await listRecentSubmissions({ actor, locale, questionSlug: slug, limit: 20 })).map((s) => ({
          id: s.id, createdAt: s.createdAt.toISOString(), language: s.language, mode: s.mode, status: s.status, verdict: s.verdict, score: s.score,
        }))
      : [];
    const starters = Object.fromEntries(Object.entries(question.coding.languages).map(([lang, spec]) => [lang, spec?.starter ?? ""]));
    const missingExpected = question.coding.sampleTests.filter((s) => s.expected === undefined).map((s) => s.ordinal);
    const sampleOutputs = await getSampleOutputs({ questionId: question.id, version: question.version, ordinals: missingExpected }).catch(() => new Map<number, unknown>());
    return (
      <div className="question-page coding">
        <SplitView
          storageKey="clockwise:split:coding"
          label={t("coding.splitter")}
          left={
            <>
              <Statement question={question} t={t} missingTranslation={missingTranslation} uiLocale={locale} sampleOutputs={sampleOutputs} />
              <Suspense fallback={null}><SimilarQuestions slug={slug} locale={locale} /></Suspense>
            </>
          }
          right={
            <CodingWorkspace slug={slug} locale={locale} signedIn={actor !== null} params={question.coding.params} sampleArgs={question.coding.sampleTests[0]?.args ?? null} starters={starters} history={history} />
          }
        />
      </div>
    );
  }

  const attempts = actor ? await listConceptAttempts({ actor, questionSlug: slug, limit: 5 }) : [];
  return (
    <div className="question-page concept stack" style={{ gap: 16, maxWidth: 860 }}>
      <Statement question={question} t={t} missingTranslation={missingTranslation} uiLocale={locale} />
      {attempts.length > 0 ? (
        <section aria-labelledby="attempts-title">
          <h2 id="attempts-title" style={{ fontSize: "1.05rem" }}>{t("concept.previous")}</h2>
          <ul data-testid="previous-attempts">
            {attempts.map((a) => (
              <li key={a.id}>
                {a.createdAt.toLocaleString(locale === "zh" ? "zh-CN" : "en")} · {t("concept.score", { covered: a.covered, total: a.total, score: Math.round(a.score * 100) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ConceptPanel slug={slug} locale={locale} signedIn={actor !== null} />
      <Suspense fallback={null}><SimilarQuestions slug={slug} locale={locale} /></Suspense>
    </div>
  );
}
