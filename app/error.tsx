"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";

const TEXT = {
  zh: { title: "页面出错了", body: "这次请求没有完成，你的草稿保存在本机浏览器里，不会丢失。请稍后重试。", retry: "重试", ref: "错误编号" },
  en: { title: "Something went wrong", body: "This request did not complete. Your drafts are kept in this browser and are not lost. Please try again.", retry: "Try again", ref: "Error reference" },
} as const;

/**
 * The error boundary of every page: a short message in the page's language, a retry that re-renders the server
 * components, and the digest Next logged with the error (so a report can be matched to the server log) — never the
 * error's message or stack, which may name SQL or paths.
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  // The server render has no document; the root layout sets <html lang>, read after mounting.
  const [locale, setLocale] = useState<"zh" | "en">("zh");
  useEffect(() => setLocale(document.documentElement.lang.startsWith("en") ? "en" : "zh"), []);
  const t = TEXT[locale];
  return (
    <main className="card error-box" role="alert">
      <h1>{t.title}</h1>
      <p>{t.body}</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          router.refresh();
          reset();
        }}
      >
        {t.retry}
      </button>
      {error.digest ? (
        <p className="notice">
          {t.ref}: <code>{error.digest}</code>
        </p>
      ) : null}
    </main>
  );
}
