import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { getTranslator } from "@/lib/i18n/server";
import { AuthForm } from "../auth-form";

// The tab title follows the UI language (WCAG 3.1.2: zh pages had English titles).
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator()).t("nav.signIn") };
}

export default async function SignInPage() {
  const { t } = await getTranslator();
  return (
    <section className="card" style={{ maxWidth: 420 }}>
      <h1>{t("auth.signIn")}</h1>
      <Suspense>
        <AuthForm
          mode="sign-in"
          labels={{
            email: t("auth.email"),
            password: t("auth.password"),
            name: t("auth.name"),
            submit: t("auth.signIn"),
            working: t("auth.working"),
            failed: t("auth.failed"),
          }}
        />
      </Suspense>
      <p className="muted">
        {t("auth.noAccount")} <Link href="/sign-up">{t("nav.signUp")}</Link>
      </p>
    </section>
  );
}
