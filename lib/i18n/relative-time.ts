/**
 * Due times as people say them: "in 3 days" / "3天后" (Intl.RelativeTimeFormat) and short review intervals as Anki
 * shows them on its buttons ("<10m", "1d", "4d" / "10分钟", "4天").
 *
 * @example
 * formatRelative(new Date("2026-01-04T00:00Z"), new Date("2026-01-01T00:00Z"), "en") // → "in 3 days"
 * formatInterval(10 * 60_000, "en") // → "10m";  formatInterval(4 * 86_400_000, "zh") // → "4天"
 */
import type { Locale } from "@/lib/bank/schema";

const TAG: Record<Locale, string> = { en: "en", zh: "zh-CN" };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The largest unit that fits, rounded: minutes under an hour, hours under a day, days under a month… */
function unitOf(ms: number): { value: number; unit: "minute" | "hour" | "day" | "month" | "year" } {
  const abs = Math.abs(ms);
  if (abs < HOUR) return { value: Math.round(ms / MINUTE), unit: "minute" };
  if (abs < DAY) return { value: Math.round(ms / HOUR), unit: "hour" };
  if (abs < 30 * DAY) return { value: Math.round(ms / DAY), unit: "day" };
  if (abs < 365 * DAY) return { value: Math.round(ms / (30 * DAY)), unit: "month" };
  return { value: Math.round((ms / (365 * DAY)) * 10) / 10, unit: "year" };
}

export function formatRelative(when: Date, now: Date, locale: Locale): string {
  const { value, unit } = unitOf(when.getTime() - now.getTime());
  return new Intl.RelativeTimeFormat(TAG[locale], { numeric: "auto" }).format(value, unit);
}

export function formatInterval(ms: number, locale: Locale): string {
  if (ms < MINUTE) return locale === "zh" ? "<1分钟" : "<1m";
  const { value, unit } = unitOf(ms);
  // en's narrow month is "m", the same as minutes: say "mo".
  if (locale === "en" && unit === "month") return `${value}mo`;
  return new Intl.NumberFormat(TAG[locale], { style: "unit", unit, unitDisplay: "narrow" }).format(value);
}
