import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getRequestActor } from "@/lib/auth/request-actor";
import { getTranslator } from "@/lib/i18n/server";
import { isAppError } from "@/lib/errors";
import { TAGS } from "@/lib/bank/tags";
import { renderMarkdown } from "@/lib/bank/markdown";
import { getMockSession, type MockSessionView } from "@/lib/use-cases/mock/get-mock-session";
import { finishMockSession } from "@/lib/use-cases/mock/finish-mock-session";
import { SelfAssessment } from "@/app/components/self-assessment";
import { previewRecall } from "@/lib/use-cases/review/preview-recall";
import { MockRunner } from "./mock-runner";

export const metadata: Metadata = { title: "Mock interview" };
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }>; searchParams: Promise<{ q?: string | string[] }> };

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export default async function MockSessionPage({ params, searchParams }: Params) {
  const { id } = await params;
  const q = Number((await searchParams).q);
  const initialIndex = Number.isInteger(q) && q >= 1 ? q - 1 : 0;
  const { locale, t } = await getTranslator();
  const actor = await getRequestActor();
  if (!actor) {
    return (
      <>
        <h1>{t("mock.title")}</h1>
        <p><Link className="button" href={`/sign-in?next=${encodeURIComponent(`/mock/${id}`)}`}>{t("mock.signIn")}</Link></p>
      </>
    );
  }
  let view: MockSessionView;
  try {
    view = await getMockSession({ actor, id });
    // Past the deadline (a closed tab, another device): finish it now, so the report is there.
    if (view.status === "active" && view.deadline.getTime() <= Date.now()) {
      await finishMockSession({ actor, id });
      view = await getMockSession({ actor, id });
    }
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const topic = view.tag in TAGS ? TAGS[view.tag as keyof typeof TAGS][locale] : view.tag;

  if (view.status === "active") {
    return (
      <>
        <h1>{t("mock.title")}</h1>
        <p className="muted">{t("mock.topicLabel", { topic })}</p>
        <MockRunner
          id={view.id}
          locale={locale}
          deadline={view.deadline.toISOString()}
          serverNow={new Date().toISOString()}
          extended={view.extended}
          initialIndex={initialIndex}
          questions={view.questions.map((q) => ({
            slug: q.slug,
            kind: q.kind,
            title: q.title,
            bodyHtml: renderMarkdown(q.body).html,
            contentLocale: q.contentLocale,
            minutes: q.minutes,
            text: q.answer?.kind === "concept" ? q.answer.text : "",
            coding: q.coding ? { verdict: q.coding.verdict, tests: q.coding.tests, wallMs: q.coding.wallMs } : null,
          }))}
        />
      </>
    );
  }

  const report = view.report!;
  const answered = view.questions.filter((q) => (q.answer?.kind === "concept" ? q.answer.text.trim() !== "" : Boolean(q.answer))).length;
  const scored = report.items.filter((i) => i.concept);
  const average = scored.length ? scored.reduce((s, i) => s + i.concept!.score, 0) / scored.length : 0;
  const used = (view.finishedAt ?? view.deadline).getTime() - view.startedAt.getTime();
  return (
    <>
      <h1>{t("mock.title")}</h1>
      <section className="stack" data-testid="mock-report">
        <h2>{t("mock.report")}</h2>
        <p>
          {t("mock.topicLabel", { topic })} · {t("mock.answered", { n: answered, total: view.questions.length })} · {t("mock.average", { score: Math.round(average * 100) })} ·{" "}
          {t("mock.timeUsed", { time: clock(Math.min(used, (view.minutes + (view.extended ? 5 : 0)) * 60_000)) })}
        </p>
        {await Promise.all(
          view.questions.map(async (q, i) => {
            const item = report.items[i];
            const lang = q.contentLocale === "zh" ? "zh-CN" : "en";
            const preview = item.concept && !item.concept.selfAssessment ? await previewRecall({ actor, questionSlug: q.slug }) : null;
            return (
              <article key={q.slug} className="card stack" data-testid="mock-report-item" data-slug={q.slug}>
                <h3 lang={lang}>
                  {i + 1}. <Link href={`/questions/${q.slug}`}>{q.title}</Link> <span className="tag">{t(q.kind === "concept" ? "mock.kindConcept" : "mock.kindCoding")}</span>
                </h3>
                {q.kind === "concept" ? (
                  <>
                    <strong>{t("mock.yourAnswer")}</strong>
                    <p style={{ whiteSpace: "pre-wrap" }} data-testid="mock-report-answer">{q.answer?.kind === "concept" && q.answer.text.trim() ? q.answer.text : t("mock.noAnswer")}</p>
                    {item.concept ? (
                      <p className="small">
                        {t("concept.score", { covered: item.concept.keyPoints.filter((k) => k.covered).length, total: item.concept.keyPoints.length, score: Math.round(item.concept.score * 100) })}
                      </p>
                    ) : null}
                    <strong>{t("mock.reference")}</strong>
                    <div className="markdown" lang={lang} dangerouslySetInnerHTML={{ __html: renderMarkdown(item.reference).html }} />
                    {item.concept && item.concept.selfAssessment ? (
                      <p className="small" data-testid="mock-self-assessed">
                        {t("mock.selfAssessed", {
                          covered: item.concept.selfAssessment.filter((m) => m === "covered").length,
                          partly: item.concept.selfAssessment.filter((m) => m === "partly").length,
                          missed: item.concept.selfAssessment.filter((m) => m === "missed").length,
                        })}
                      </p>
                    ) : item.concept && preview ? (
                      <SelfAssessment attemptId={item.concept.attemptId} points={item.concept.keyPoints} preview={preview} locale={locale} />
                    ) : (
                      <ul className="keypoints" lang={lang}>{item.keyPoints.map((k) => <li key={k} className="keypoint"><span>{k}</span></li>)}</ul>
                    )}
                  </>
                ) : item.coding ? (
                  <p data-testid="mock-report-coding">
                    {t("mock.verdictTimings", {
                      verdict: item.coding.verdict ?? item.coding.status,
                      tests: item.coding.tests,
                      ms: Math.round(item.coding.wallMs),
                      input: item.coding.inputMs.toFixed(1),
                      forward: item.coding.forwardMs.toFixed(1),
                      post: item.coding.postMs.toFixed(1),
                    })}{" "}
                    <Link href={`/questions/${q.slug}`}>{t("review.openQuestion")}</Link>
                  </p>
                ) : (
                  <p className="muted">{t("mock.noAnswer")}</p>
                )}
              </article>
            );
          }),
        )}
        <p><Link className="button" href="/mock">{t("mock.newInterview")}</Link></p>
      </section>
    </>
  );
}

