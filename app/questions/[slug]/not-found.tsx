import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

export default async function QuestionNotFound() {
  const { t } = await getTranslator();
  return (
    <>
      <h1>{t("error.notFound")}</h1>
      <p>{t("question.notFound")}</p>
      <p><Link href="/questions">{t("question.back")}</Link></p>
    </>
  );
}
