/**
 * Checkers compare a submission's result with the expected value and explain a mismatch in one short line
 * (first differing index or field, expected vs got, the cosine value). `got` comes from untrusted code: any
 * type, NaN, Infinity, ragged arrays — a checker never throws on it.
 *
 * @example
 *   check({ type: "allclose", atol: 1e-4, rtol: 0 }, [1, 2], [1, 2.1])
 *   // → { ok: false, diff: "[1]: expected 2, got 2.1 (|diff| 0.1 > 0.0001)" }
 */
import type { Checker } from "@/lib/bank/schema";

export interface CheckResult {
  ok: boolean;
  diff?: string;
}

const MAX_DIFF = 300;

/** Short printable form of any value. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  if (typeof value === "number") text = Number.isNaN(value) ? "NaN" : String(value);
  else if (value === undefined) text = "undefined";
  else {
    try {
      text = JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `list of ${value.length}`;
  return typeof value;
}

const fail = (diff: string): CheckResult => ({ ok: false, diff: diff.length > MAX_DIFF ? `${diff.slice(0, MAX_DIFF)}…` : diff });
const pass: CheckResult = { ok: true };
const at = (path: string) => (path ? `${path}: ` : "");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function exact(expected: unknown, got: unknown, path: string): CheckResult {
  if (typeof expected === "number" && typeof got === "number") {
    if (expected === got || (Number.isNaN(expected) && Number.isNaN(got))) return pass;
    return fail(`${at(path)}expected ${preview(expected)}, got ${preview(got)}`);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return fail(`${at(path)}expected a list of ${expected.length}, got ${describe(got)} ${preview(got, 40)}`);
    if (got.length !== expected.length) return fail(`${at(path)}expected ${expected.length} items, got ${got.length}`);
    for (let i = 0; i < expected.length; i++) {
      const r = exact(expected[i], got[i], `${path}[${i}]`);
      if (!r.ok) return r;
    }
    return pass;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(got)) return fail(`${at(path)}expected an object, got ${describe(got)} ${preview(got, 40)}`);
    for (const key of Object.keys(expected)) {
      if (!(key in got)) return fail(`${at(path)}missing key ${JSON.stringify(key)}`);
      const r = exact(expected[key], got[key], path ? `${path}.${key}` : key);
      if (!r.ok) return r;
    }
    const extra = Object.keys(got).find((k) => !(k in expected));
    if (extra !== undefined) return fail(`${at(path)}unexpected key ${JSON.stringify(extra)}`);
    return pass;
  }
  if (expected === got) return pass;
  return fail(`${at(path)}expected ${preview(expected)}, got ${preview(got)}`);
}

function allclose(expected: unknown, got: unknown, atol: number, rtol: number, path: string): CheckResult {
  if (typeof expected === "number") {
    if (typeof got !== "number") return fail(`${at(path)}expected a number, got ${describe(got)} ${preview(got, 40)}`);
    if (Number.isNaN(expected) || Number.isNaN(got)) {
      return Number.isNaN(expected) && Number.isNaN(got) ? pass : fail(`${at(path)}expected ${preview(expected)}, got ${preview(got)}`);
    }
    if (!Number.isFinite(expected) || !Number.isFinite(got)) {
      return expected === got ? pass : fail(`${at(path)}expected ${preview(expected)}, got ${preview(got)}`);
    }
    const delta = Math.abs(got - expected);
    const tolerance = atol + rtol * Math.abs(expected);
    if (delta <= tolerance) return pass;
    return fail(`${at(path)}expected ${preview(expected)}, got ${preview(got)} (|diff| ${delta.toPrecision(3)} > ${tolerance.toPrecision(3)})`);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return fail(`${at(path)}expected a list of ${expected.length}, got ${describe(got)} ${preview(got, 40)}`);
    if (got.length !== expected.length) return fail(`${at(path)}shape: expected ${expected.length} items, got ${got.length}`);
    for (let i = 0; i < expected.length; i++) {
      const r = allclose(expected[i], got[i], atol, rtol, `${path}[${i}]`);
      if (!r.ok) return r;
    }
    return pass;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(got)) return fail(`${at(path)}expected an object, got ${describe(got)}`);
    for (const key of Object.keys(expected)) {
      if (!(key in got)) return fail(`${at(path)}missing key ${JSON.stringify(key)}`);
      const r = allclose(expected[key], got[key], atol, rtol, path ? `${path}.${key}` : key);
      if (!r.ok) return r;
    }
    return pass;
  }
  return exact(expected, got, path);
}

function numericVector(value: unknown): number[] | string {
  if (!Array.isArray(value)) return `expected a list of numbers, got ${describe(value)} ${preview(value, 40)}`;
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== "number") return `[${i}]: expected a number, got ${describe(value[i])} ${preview(value[i], 40)}`;
    if (!Number.isFinite(value[i])) return `[${i}]: ${preview(value[i])} is not a finite number`;
  }
  return value as number[];
}

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

function cosine(expected: unknown, got: unknown, minSimilarity: number, normTolerance: number | null, path: string): CheckResult {
  const exp = numericVector(expected);
  if (typeof exp === "string") return fail(`${at(path)}the expected value is not a vector (${exp})`);
  const vec = numericVector(got);
  if (typeof vec === "string") return fail(`${at(path)}${vec}`);
  if (vec.length !== exp.length) return fail(`${at(path)}expected a vector of ${exp.length}, got ${vec.length}`);
  const expNorm = norm(exp);
  const gotNorm = norm(vec);
  if (expNorm === 0) {
    // The reference is the zero vector (no in-vocabulary token): only zeros are right.
    const i = vec.findIndex((x) => Math.abs(x) > 1e-6);
    return i < 0 ? pass : fail(`${at(path)}expected the zero vector, got ${preview(vec[i])} at [${i}] (norm ${gotNorm.toPrecision(4)})`);
  }
  if (gotNorm === 0) return fail(`${at(path)}got the zero vector, expected a vector of norm ${expNorm.toPrecision(4)}`);
  const dot = exp.reduce((s, x, i) => s + x * vec[i], 0);
  const similarity = dot / (expNorm * gotNorm);
  if (!(similarity >= minSimilarity)) {
    return fail(`${at(path)}cosine similarity ${similarity.toFixed(4)} < ${minSimilarity}`);
  }
  if (normTolerance !== null && Math.abs(gotNorm - expNorm) > normTolerance) {
    return fail(`${at(path)}norm ${gotNorm.toPrecision(5)}, expected ${expNorm.toPrecision(5)} ± ${normTolerance} (cosine ${similarity.toFixed(4)})`);
  }
  return pass;
}

function label(expected: unknown, got: unknown, path: string): CheckResult {
  if (typeof got !== "string") return fail(`${at(path)}expected the label ${preview(expected)}, got ${describe(got)} ${preview(got, 40)}`);
  return got === expected ? pass : fail(`${at(path)}expected label ${preview(expected)}, got ${preview(got)}`);
}

function checkAt(checker: Checker, expected: unknown, got: unknown, path: string): CheckResult {
  switch (checker.type) {
    case "exact":
      return exact(expected, got, path);
    case "allclose":
      return allclose(expected, got, checker.atol ?? 1e-6, checker.rtol ?? 1e-5, path);
    case "cosine":
      return cosine(expected, got, checker.minSimilarity ?? 0.999, checker.normTolerance === undefined ? 1e-3 : checker.normTolerance, path);
    case "label":
      return label(expected, got, path);
    case "object": {
      if (!isPlainObject(got)) return fail(`${at(path)}expected an object with ${Object.keys(checker.fields).join(", ")}, got ${describe(got)} ${preview(got, 40)}`);
      const exp = isPlainObject(expected) ? expected : {};
      for (const [field, sub] of Object.entries(checker.fields)) {
        const fieldPath = path ? `${path}.${field}` : field;
        if (!(field in got)) return fail(`missing field ${JSON.stringify(fieldPath)}`);
        const r = checkAt(sub, exp[field], got[field], fieldPath);
        if (!r.ok) return r;
      }
      return pass;
    }
    default:
      return fail(`unknown checker ${preview(checker)}`);
  }
}

/**
 * Compares `got` (untrusted) with `expected` under `checker`; never throws.
 *
 * @example
 *   check({ type: "cosine", minSimilarity: 0.999, normTolerance: 1e-3 }, [1, 0], [0.6, 0.8])
 *   // → { ok: false, diff: "cosine similarity 0.6000 < 0.999" }
 */
export function check(checker: Checker, expected: unknown, got: unknown): CheckResult {
  try {
    return checkAt(checker, expected, got, "");
  } catch (error) {
    // Only pathological inputs (e.g. deeply nested lists overflowing the stack) get here.
    return fail(`the result could not be compared (${(error as Error).name})`);
  }
}
