/**
 * Values PostgreSQL refuses outright: `text` and `jsonb` cannot hold U+0000, and `jsonb` also rejects an unpaired
 * UTF-16 surrogate ("\ud800"). A query that carries one fails as a whole, which would turn a user's stray
 * character in a URL or a body into a 500. No stored row can contain one, so a use case answers "not found" /
 * "invalid" before asking the database.
 *
 * @example
 *   if (postgresRejects(id)) throw new AppError("NOT_FOUND", "No such submission."); // GET /api/submissions/%00
 *   postgresRejects({ args: ["a\u0000"] }) // → true
 *   postgresRejects(["\ud800"])            // → true (jsonb)
 */
export function postgresRejects(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (value === null || typeof value !== "object") return false;
  let json: string;
  try {
    json = JSON.stringify(value) ?? "";
  } catch {
    return false;
  }
  // JSON.stringify escapes exactly these (valid surrogate pairs stay raw); an escaped backslash before "u" is text.
  return /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i.test(json);
}
