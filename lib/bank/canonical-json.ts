/**
 * JSON with object keys sorted, so equal values always give equal strings: how two versions of a question (or two
 * coding specs) are compared, and what a reference-validation cache key is hashed from.
 *
 * @example
 *   canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // → '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}
