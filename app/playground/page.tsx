import type { Metadata } from "next";
import { getTranslator } from "@/lib/i18n/server";
import { listPlaygroundModels } from "./actions";
import { PlaygroundForm } from "./playground-form";

export const metadata: Metadata = { title: "Playground" };
export const dynamic = "force-dynamic";

export default async function PlaygroundPage() {
  const { locale, t } = await getTranslator();
  const models = await listPlaygroundModels();
  return (
    <>
      <h1>{t("playground.title")}</h1>
      <p className="muted">{t("playground.intro")}</p>
      {models.length === 0 ? (
        <p className="error">{t("playground.unavailable", { message: "no models loaded" })}</p>
      ) : (
        <PlaygroundForm locale={locale} models={models} />
      )}
    </>
  );
}
