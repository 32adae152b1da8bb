import type { Metadata } from "next";
import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";
import { listPlaygroundModels } from "./actions";
import { GenerateForm } from "./generate-form";
import { PlaygroundForm } from "./playground-form";

// The tab title follows the UI language (WCAG 3.1.2: zh pages had English titles).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator()).t("nav.playground") };
}
export const dynamic = "force-dynamic";

/** Two modes: encoders (word2vec, BERT: tokens, vector, classes) and decoders (gpt: streamed generation, ?mode=generate). */
export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<{ mode?: string | string[] }> }) {
  const { locale, t } = await getTranslator();
  const generate = (await searchParams).mode === "generate";
  const models = await listPlaygroundModels();
  const encoders = models.filter((m) => m.kind !== "gpt");
  const decoders = models.filter((m) => m.kind === "gpt").map((m) => m.name);
  return (
    <>
      <h1>{t("playground.title")}</h1>
      <nav className="row" style={{ gap: 12 }} aria-label={t("playground.title")}>
        <Link href="/playground" prefetch={false} aria-current={generate ? undefined : "page"} data-testid="playground-mode-encode">{t("playground.modeEncode")}</Link>
        <Link href="/playground?mode=generate" prefetch={false} aria-current={generate ? "page" : undefined} data-testid="playground-mode-generate">{t("playground.modeGenerate")}</Link>
      </nav>
      {generate ? (
        decoders.length === 0 ? <p className="error">{t("playground.noDecoder")}</p> : <GenerateForm locale={locale} models={decoders} />
      ) : (
        <>
          <p className="muted">{t("playground.intro")}</p>
          {encoders.length === 0 ? (
            <p className="error">{t("playground.unavailable", { message: "no models loaded" })}</p>
          ) : (
            <PlaygroundForm locale={locale} models={encoders} />
          )}
        </>
      )}
    </>
  );
}
