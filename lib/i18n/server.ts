import "server-only";
import { cookies, headers } from "next/headers";
import type { Locale } from "@/lib/bank/schema";
import { LOCALE_COOKIE, pickLocale } from "./locale";
import { translate, type MessageKey } from "./messages";

/** The request's UI locale (cookie, then Accept-Language). */
export async function getLocale(): Promise<Locale> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return pickLocale(c.get(LOCALE_COOKIE)?.value, h.get("accept-language"));
}

/** A translator bound to the request's locale, for server components. */
export async function getTranslator(): Promise<{ locale: Locale; t: (key: MessageKey, vars?: Record<string, string | number>) => string }> {
  const locale = await getLocale();
  return { locale, t: (key, vars) => translate(locale, key, vars) };
}
