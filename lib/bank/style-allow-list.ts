/**
 * Inline styles in rendered bank markdown: only KaTeX writes them (markdown cannot, raw HTML never passes), but what
 * KaTeX writes follows the author's TeX — `\rule{3000px}{3000px}` gave 301em borders and `\kern{-300em}` a -300em
 * margin, enough to paint fake text over the page header (issue 16.4). KaTeX's own `maxSize` caps positive sizes;
 * this filter keeps only the properties KaTeX uses for layout and colour, with lengths within LENGTH_LIMIT_EM either
 * way, and drops every other declaration (position, z-index, url(), …). Runs before the sanitizer (lib/bank/markdown.ts).
 *
 * @example
 *   safeStyle("height:0.69em;margin-right:-300em;position:fixed") // "height:0.69em"
 */

/** Lengths beyond this (in em, either sign) are dropped; KaTeX's tallest bank formula stays far below it. */
export const LENGTH_LIMIT_EM = 40;

const LENGTH_PROPERTIES = new Set([
  "height", "width", "min-width", "max-width", "vertical-align", "top", "bottom", "left", "right",
  "margin-left", "margin-right", "margin-top", "margin-bottom", "padding-left", "padding-right", "padding-top", "padding-bottom",
  "border-width", "border-top-width", "border-bottom-width", "border-left-width", "border-right-width",
]);
const COLOR_PROPERTIES = new Set(["color", "background-color", "border-color"]);
const KEYWORD_VALUES: Record<string, RegExp> = {
  "border-style": /^(solid|dashed|dotted|none)$/,
  border: /^[\d.]+(em|ex|px|pt)\s+(solid|dashed|dotted)\s+(#[0-9a-f]{3,8}|[a-z]{3,20})$/i,
};

const LENGTH = /^(-?\d*\.?\d+)(em|ex|px|pt|mu)?$/;
const COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\(\s*[\d.\s,%]+\))$/i;
const TO_EM: Record<string, number> = { em: 1, ex: 0.5, px: 1 / 16, pt: 1 / 12, mu: 1 / 18, "": 1 };

function lengthWithinLimit(value: string): boolean {
  const match = LENGTH.exec(value);
  if (!match) return false;
  return Math.abs(Number(match[1]) * TO_EM[match[2] ?? ""]!) <= LENGTH_LIMIT_EM;
}

/** The allowed part of one style attribute ("" when nothing is left). */
export function safeStyle(style: string): string {
  const kept: string[] = [];
  for (const declaration of style.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (/[\\<>]|url\(|expression|var\(/i.test(value)) continue;
    const ok = LENGTH_PROPERTIES.has(property)
      ? lengthWithinLimit(value)
      : COLOR_PROPERTIES.has(property)
        ? COLOR.test(value)
        : KEYWORD_VALUES[property]?.test(value) ?? false;
    if (ok) kept.push(`${property}:${value}`);
  }
  return kept.join(";");
}
