import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { getTranslator } from "@/lib/i18n/server";
import { AuthForm } from "../auth-form";

// The tab title follows the UI language (WCAG 3.1.2: zh pages had English titles).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator()).t("nav.signUp") };
}

export default async function SignUpPage() {
  const { t } = await getTranslator();
  return (
    <section className="card" style={{ maxWidth: 420 }}>
      <h1>{t("auth.signUp")}</h1>
      <Suspense>
        <AuthForm
          mode="sign-up"
          labels={{
            email: t("auth.email"),
            password: t("auth.password"),
            name: t("auth.name"),
            submit: t("auth.signUp"),
            working: t("auth.working"),
            failed: t("auth.failed"),
          }}
        />
      </Suspense>
      <p className="muted">
        {t("auth.haveAccount")} <Link href="/sign-in">{t("nav.signIn")}</Link>
      </p>
    </section>
  );
}
