/**
 * Search text typed by a user is matched literally. Prisma's `contains` / `startsWith` become SQL LIKE patterns
 * without escaping, so a `%` or `_` in a search box would act as a wildcard ("sem%tor" finding "semantic-vector",
 * "%" finding everything). Backslash is PostgreSQL's default LIKE escape character. NUL characters are dropped:
 * PostgreSQL text cannot hold them and rejects the whole query (a 500 for a user's typo).
 *
 * @example
 *   prisma.question.findMany({ where: { searchText: { contains: likeLiteral("50%_off") } } }); // matches "50%_off" only
 */
export function likeLiteral(text: string): string {
  return text.replace(/\u0000/g, "").replace(/[\\%_]/g, (c) => `\\${c}`);
}
