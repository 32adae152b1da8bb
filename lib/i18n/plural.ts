/**
 * Plural-aware messages: a message with forms `key.one` / `key.other` (see candidate-messages.ts) is picked by
 * Intl.PluralRules for the count, so English says "1 review" and "2 reviews" and Chinese (one form) never changes.
 *
 * @example
 * translatePlural("en", "review.repsCount", 1) // → "1 review"
 * translatePlural("en", "review.repsCount", 3) // → "3 reviews"
 */
import type { Locale } from "@/lib/bank/schema";
import { translate, type MessageKey } from "./messages";

/** Every message base that has both a `.one` and an `.other` form. */
export type PluralKey = { [K in MessageKey]: K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never }[MessageKey];

const rules: Record<Locale, Intl.PluralRules> = { en: new Intl.PluralRules("en"), zh: new Intl.PluralRules("zh-CN") };

export function translatePlural(locale: Locale, key: PluralKey, n: number, vars?: Record<string, string | number>): string {
  const form = rules[locale].select(n) === "one" ? "one" : "other";
  return translate(locale, `${key}.${form}` as MessageKey, { n, ...vars });
}
