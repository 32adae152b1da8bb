/**
 * Work bounds: how many token ids a solution may send through engine forward passes in one test, counted
 * on the host. A coding question sets `workBound.maxForwardTokens` to a number or a formula over
 *   prompt  token ids of the test's first forward call (the prefill; padding included)
 *   rows    rows of that call
 *   new     generated tokens: the length of the expected value (at `generatedPath`); for a list of lists, the longest
 * e.g. "prompt + new" (one sequence) or "prompt + rows*new" (a batch). A decoding loop with a KV cache sends
 * each token once; one that recomputes the whole sequence every step sends quadratically many, and gets WA.
 * Formulas use numbers, the three names, + - * and parentheses; nothing is evaluated as code.
 *
 * @example
 *   const bound = compileWorkFormula("prompt + rows*new");
 *   bound({ prompt: 32, rows: 1, new: 64 }) // → 96
 */
export type WorkVariables = { prompt: number; rows: number; new: number };

export const WORK_VARIABLES = ["prompt", "rows", "new"] as const;

type Node = { kind: "num"; value: number } | { kind: "var"; name: keyof WorkVariables } | { kind: "op"; op: "+" | "-" | "*"; left: Node; right: Node };

export class WorkFormulaError extends Error {}

function tokenize(text: string): string[] {
  const tokens = text.match(/\s*(\d+(?:\.\d+)?|[A-Za-z_]+|[-+*()]|\S)/g) ?? [];
  return tokens.map((t) => t.trim());
}

/** Compiles a formula into a function of the variables; throws WorkFormulaError with a readable message. */
export function compileWorkFormula(text: string): (vars: WorkVariables) => number {
  if (text.length > 200) throw new WorkFormulaError("the formula is longer than 200 characters");
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const expect = (what: string) => {
    throw new WorkFormulaError(`expected ${what} at "${tokens.slice(at).join(" ") || "the end"}" in "${text}"`);
  };
  const factor = (): Node => {
    const token = tokens[at];
    if (token === undefined) return expect("a number, prompt, rows or new");
    if (token === "(") {
      at += 1;
      const inner = sum();
      if (tokens[at] !== ")") expect('")"');
      at += 1;
      return inner;
    }
    if (/^\d/.test(token)) {
      at += 1;
      return { kind: "num", value: Number(token) };
    }
    if ((WORK_VARIABLES as readonly string[]).includes(token)) {
      at += 1;
      return { kind: "var", name: token as keyof WorkVariables };
    }
    return expect(`a number or one of ${WORK_VARIABLES.join(", ")}`);
  };
  const product = (): Node => {
    let node = factor();
    while (peek() === "*") {
      at += 1;
      node = { kind: "op", op: "*", left: node, right: factor() };
    }
    return node;
  };
  const sum = (): Node => {
    let node = product();
    while (peek() === "+" || peek() === "-") {
      const op = tokens[at] as "+" | "-";
      at += 1;
      node = { kind: "op", op, left: node, right: product() };
    }
    return node;
  };
  const root = sum();
  if (at < tokens.length) expect("+, - or *");
  const evaluate = (node: Node, vars: WorkVariables): number => {
    if (node.kind === "num") return node.value;
    if (node.kind === "var") return vars[node.name];
    const [l, r] = [evaluate(node.left, vars), evaluate(node.right, vars)];
    return node.op === "+" ? l + r : node.op === "-" ? l - r : l * r;
  };
  return (vars) => evaluate(root, vars);
}

/** True when the formula compiles (for schema validation). */
export function isWorkFormula(text: string): boolean {
  try {
    compileWorkFormula(text);
    return true;
  } catch {
    return false;
  }
}

/** The error message of a bad formula, or undefined. */
export function workFormulaProblem(text: string): string | undefined {
  try {
    compileWorkFormula(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Generated tokens in an expected value: the list at `path` (dot-separated keys), its length, or for a list of
 * lists the longest; undefined when there is no such list.
 *
 * @example generatedCount({ ids: [[1, 2], [3]] }, "ids") // → 2
 */
export function generatedCount(expected: unknown, path?: string): number | undefined {
  let value = expected;
  for (const key of path ? path.split(".") : []) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (!Array.isArray(value)) return undefined;
  if (value.every((item) => Array.isArray(item))) return value.reduce((max: number, item: unknown[]) => Math.max(max, item.length), 0);
  return value.length;
}
