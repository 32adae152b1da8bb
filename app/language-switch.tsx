"use client";
import { useRouter } from "next/navigation";
import { LOCALE_COOKIE } from "@/lib/i18n/locale";

/** Stores the chosen UI language in a cookie for a year and re-renders the server components. */
export function LanguageSwitch({ label, next }: { label: string; next: "zh" | "en" }) {
  const router = useRouter();
  return (
    <button
      type="button"
      className="link-button"
      lang={next === "zh" ? "zh-CN" : "en"}
      onClick={() => {
        document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }}
    >
      {label}
    </button>
  );
}
