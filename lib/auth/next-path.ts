/**
 * Where to go after signing in: only a path on this site. `?next=` is attacker-controlled (a link can carry any
 * value), and browsers are lenient in ways a prefix check misses: they drop tabs and newlines inside URLs
 * ("/\t/evil.example" becomes "//evil.example") and read "\" as "/" — so the value is resolved the way a browser
 * would and accepted only if it stays on the same origin. Runs in the browser (no server-only import).
 *
 * @example
 *   safeNextPath("/questions/semantic-vector?tab=code") // → "/questions/semantic-vector?tab=code"
 *   safeNextPath("/%09/evil.example")                   // → "/questions"
 */
export const DEFAULT_NEXT_PATH = "/questions";

export function safeNextPath(raw: string | null | undefined, fallback: string = DEFAULT_NEXT_PATH): string {
  if (!raw || !raw.startsWith("/")) return fallback;
  const base = new URL("http://same-site.invalid");
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
