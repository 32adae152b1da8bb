/**
 * What a visitor sees while the database cannot be reached: the 503 page the edge server answers page requests
 * with, and the one-line message a server action returns (lib/web/action-result.ts), in Chinese and English.
 *
 * No `import "server-only"`: the edge server (plain Node via tsx, outside Next's bundler) imports this file.
 *
 * @example
 *   databaseUnavailableMessage("en") // → "Temporarily unavailable: the database cannot be reached right now. …"
 */
import type { Locale } from "../bank/schema";
import { DATABASE_RETRY_AFTER_SECONDS } from "../db/unavailable";
import { pickLocale } from "../i18n/locale";
import { translate } from "../i18n/messages";

const PAGE_TEXT: Record<Locale, { title: string; body: string; retry: string; action: string }> = {
  zh: {
    title: "服务暂时不可用",
    body: "数据库暂时无法连接，通常几秒钟后就会恢复。本页会自动重新加载。",
    retry: "重试",
    action: "服务暂时不可用：数据库暂时无法连接。请几秒钟后重试。",
  },
  en: {
    title: "Temporarily unavailable",
    body: "The database cannot be reached right now; this usually clears up in a few seconds. This page reloads by itself.",
    retry: "Try again",
    action: "Temporarily unavailable: the database cannot be reached right now. Please try again in a few seconds.",
  },
};

/** What a server action answers when the database is unreachable; the UI shows `message` as is. */
/** The message a server action shows while the database is unreachable. */
export function databaseUnavailableMessage(locale: Locale): string {
  return PAGE_TEXT[locale].action;
}

/**
 * The 503 page shown while the database is unreachable: one small self-contained HTML document (inline CSS that
 * follows the system's light/dark preference, no script, no external asset, no detail about the failure), in the
 * visitor's language by the product's rule (language cookie, then Accept-Language, then Chinese). It reloads itself
 * after DATABASE_RETRY_AFTER_SECONDS; the retry link points at the same page.
 *
 * @example
 *   databaseUnavailablePage("en-US,en;q=0.9") // "<!doctype html><html lang=\"en\">…Temporarily unavailable…"
 */
export function databaseUnavailablePage(acceptLanguage: string | null, localeCookie?: string): string {
  const locale = pickLocale(localeCookie, acceptLanguage);
  const text = PAGE_TEXT[locale];
  const appName = translate(locale, "app.name");
  return `<!doctype html>
<html lang="${locale === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="${DATABASE_RETRY_AFTER_SECONDS}">
<title>${text.title} · ${appName}</title>
<style>
:root { color-scheme: light dark; --bg: #fafafa; --fg: #1a1a1a; --muted: #555; --accent: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --bg: #121212; --fg: #ececec; --muted: #aaa; --accent: #8ab4f8; } }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif; }
main { max-width: 32rem; padding: 2rem; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
p { color: var(--muted); margin: 0 0 1.25rem; }
a { color: var(--accent); font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>${text.title}</h1>
<p>${text.body}</p>
<p><a href="">${text.retry}</a></p>
<p><small>${appName}</small></p>
</main>
</body>
</html>
`;
}
