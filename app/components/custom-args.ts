/**
 * The Run button's custom input: a JSON array of positional arguments, one per parameter. Checked in
 * the browser for a friendly message; the server validates it again (zod) and is the authority.
 */
export type CustomArgsResult = { ok: true; args: unknown[] | undefined } | { ok: false; message: string };

/**
 * @example
 * parseCustomArgs('["hello"]', ["text"]) // → { ok: true, args: ["hello"] }
 * parseCustomArgs('', ["text"])          // → { ok: true, args: undefined }  (run the samples only)
 * parseCustomArgs('"hi"', ["text"])      // → { ok: false, message: "…array…" }
 */
export function parseCustomArgs(text: string, params: readonly string[]): CustomArgsResult {
  if (text.trim() === "") return { ok: true, args: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `JSON: ${(e as Error).message}` };
  }
  if (!Array.isArray(value)) return { ok: false, message: `expected a JSON array [${params.join(", ")}]` };
  if (value.length !== params.length) {
    return { ok: false, message: `expected ${params.length} argument(s) [${params.join(", ")}], got ${value.length}` };
  }
  return { ok: true, args: value };
}

/** Where a draft lives in localStorage: one slot per question and language. */
export function draftKey(slug: string, language: string): string {
  return `clockwise:draft:${slug}:${language}`;
}
