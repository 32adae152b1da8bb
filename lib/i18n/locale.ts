/**
 * Picks the UI locale: an explicit cookie (set by the language switch) wins, then the browser's
 * Accept-Language, then Chinese (the seed material's language).
 */
import type { Locale } from "@/lib/bank/schema";

export const LOCALE_COOKIE = "clockwise-locale";
export const DEFAULT_LOCALE: Locale = "zh";

export function pickLocale(cookieValue: string | undefined, acceptLanguage: string | null | undefined): Locale {
  if (cookieValue === "zh" || cookieValue === "en") return cookieValue;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh";
    if (tag.startsWith("en")) return "en";
  }
  return DEFAULT_LOCALE;
}
