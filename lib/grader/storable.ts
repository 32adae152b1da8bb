/**
 * What a box sends back must be storable, whatever it contains (issue 15): PostgreSQL's text and jsonb refuse
 * NUL characters and unpaired UTF-16 surrogates, and a value nested thousands of levels deep overflows the
 * stack of whatever walks it (the checker, the preview, JSON.stringify). A submission's own output must never
 * turn into an internal error and a retry, so results are bounded in depth and size before they are checked,
 * and every string is made storable before it is recorded.
 *
 * @example
 *   storableText("a\u0000b")          // → "a\\u0000b"  (visible, storable)
 *   valueShapeProblem([[[[1]]]], { maxDepth: 2, maxNodes: 100 })  // → "nested deeper than 2 levels"
 */

// untrusted: NUL and lone surrogates come straight from user code.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text with NUL and unpaired surrogates replaced by their visible `\uXXXX` escapes. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export interface ValueBounds {
  maxDepth: number;
  maxNodes: number;
}

/** Bounds for a test's returned value: deep enough for any real answer, shallow enough for every walker. */
export const RESULT_BOUNDS: ValueBounds = { maxDepth: 64, maxNodes: 2_000_000 };

/**
 * Why a value cannot be checked safely (too deep, too many elements), or undefined when it can. Iterative, so a
 * hostile value cannot overflow the stack here.
 */
export function valueShapeProblem(value: unknown, bounds: ValueBounds = RESULT_BOUNDS): string | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    nodes += 1;
    if (nodes > bounds.maxNodes) return `it has more than ${bounds.maxNodes.toLocaleString("en")} elements`;
    if (item === null || typeof item !== "object") continue;
    if (depth >= bounds.maxDepth) return `it is nested deeper than ${bounds.maxDepth} levels`;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** A copy of a (shape-checked) value whose strings and keys are all storable. */
export function storableValue(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(storableValue);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[storableText(key)] = storableValue(item);
  return out;
}
