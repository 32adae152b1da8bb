import type { Metadata } from "next";
import Link from "next/link";
import { getRequestActor } from "@/lib/auth/request-actor";
import { getTranslator } from "@/lib/i18n/server";
import { TAGS, TAG_NAMES } from "@/lib/bank/tags";
import { MockSession } from "./mock-session";

export const metadata: Metadata = { title: "Mock interview" };
export const dynamic = "force-dynamic";

export default async function MockPage() {
  const { locale, t } = await getTranslator();
  const actor = await getRequestActor();
  return (
    <>
      <h1>{t("mock.title")}</h1>
      <p className="muted">{t("mock.intro")}</p>
      {actor ? (
        <MockSession locale={locale} topics={TAG_NAMES.map((tag) => ({ tag, label: TAGS[tag][locale] }))} />
      ) : (
        <p><Link className="button" href="/sign-in?next=%2Fmock">{t("mock.signIn")}</Link></p>
      )}
    </>
  );
}
