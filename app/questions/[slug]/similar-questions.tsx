import Link from "next/link";
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "@/lib/i18n/messages";
import { searchSimilarQuestions } from "@/lib/use-cases/questions/search-similar-questions";

/** Nearest questions by embedding (server component; renders nothing when there are none). */
export async function SimilarQuestions({ slug, locale }: { slug: string; locale: Locale }) {
  const similar = await searchSimilarQuestions({ actor: null, slug, locale, limit: 5 });
  if (similar.length === 0) return null;
  const t = (k: MessageKey) => translate(locale, k);
  return (
    <aside aria-labelledby="similar-title" className="card" style={{ marginTop: 16 }}>
      <h2 id="similar-title" style={{ fontSize: "1.05rem", marginTop: 0 }}>{t("question.similar")}</h2>
      <ul data-testid="similar-questions">
        {similar.map((q) => (
          <li key={q.slug}>
            <Link href={`/questions/${q.slug}`} prefetch={false} lang={q.titleLocale === "zh" ? "zh-CN" : "en"}>{q.title}</Link>{" "}
            <span className="muted small">{t(`questions.kind.${q.kind}` as MessageKey)} · <span className={`difficulty-${q.difficulty}`}>{t(`questions.difficulty.${q.difficulty}` as MessageKey)}</span></span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
