import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

/**
 * The site-wide 404 (unknown addresses, and /admin for anyone who is not an admin: the admin layout calls notFound()
 * before rendering anything of its own), in the UI language and inside the normal layout.
 */
export default async function NotFound() {
  const { t } = await getTranslator();
  return (
    <section className="not-found stack" aria-labelledby="not-found-title" data-testid="not-found">
      <h1 id="not-found-title">{t("notFound.title")}</h1>
      <p className="muted">{t("notFound.text")}</p>
      <p>
        <Link prefetch={false} href="/">{t("notFound.home")}</Link>
        {" · "}
        <Link prefetch={false} href="/questions">{t("notFound.questions")}</Link>
      </p>
    </section>
  );
}
