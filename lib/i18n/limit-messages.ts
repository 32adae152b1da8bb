/**
 * What a visitor reads when a rate limit stops them (RATE_LIMITED, 429), in both languages; lib/web/action-result.ts
 * uses it for every server action that has no message of its own for the code.
 *
 * @example
 *   rateLimitedMessage("zh", 60) // "操作过于频繁，请 60 秒后再试。"
 */
import type { Locale } from "@/lib/bank/schema";

export function rateLimitedMessage(locale: Locale, retryAfterSeconds?: number): string {
  const seconds = retryAfterSeconds && retryAfterSeconds > 0 ? Math.ceil(retryAfterSeconds) : undefined;
  if (locale === "zh") return seconds ? `操作过于频繁，请 ${seconds} 秒后再试。` : "操作过于频繁，请稍后再试。";
  return seconds ? `Too many requests. Please try again in ${seconds} seconds.` : "Too many requests. Please try again shortly.";
}
