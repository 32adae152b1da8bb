/**
 * The editor's form state and its conversion to and from the bank format. Test arguments and expected values are
 * edited as JSON text; converting back reports every unparsable one with its field path
 * ("coding.tests.2.expected") so the table can mark the cell.
 *
 * @example
 *   const state = stateFromQuestion(question);
 *   const { question: back, errors } = questionFromState(state); // back deep-equals question, errors = {}
 */
import type { Checker, Question } from "@/lib/bank/schema";
import { starter as generatedStarter, type SignatureLanguage } from "@/lib/bank/signature";

/**
 * A starter that is still exactly what lib/bank/signature.ts generated (for whatever parameters it had then) follows
 * the current parameters; a blank one is generated; anything the admin wrote is kept (issue 18.7, ADR 0613).
 */
export function followingStarter(language: SignatureLanguage, entry: string, params: string[], text: string): string {
  const current = generatedStarter(language, { entry, params });
  if (!text.trim()) return current;
  const header = language === "python" ? text.match(/^def [A-Za-z_$][\w$]*\(([^)]*)\):/) : text.match(/^async function [A-Za-z_$][\w$]*\(([^)]*)\)/);
  if (!header) return text;
  const oldParams = header[1]!.split(",").map((p) => p.replace(/:.*$/, "").trim()).filter((p) => p && p !== "engine");
  const oldEntry = text.match(/^(?:def|async function) ([A-Za-z_$][\w$]*)/)?.[1] ?? entry;
  return text === generatedStarter(language, { entry: oldEntry, params: oldParams }) ? current : text;
}

export type LocaleKey = "zh" | "en";
export type CodeLanguage = "python" | "javascript" | "typescript";

export interface ContentForm {
  enabled: boolean;
  title: string;
  body: string;
  answer: string;
  /** One key point per line. */
  keyPoints: string;
  explanation: string;
  /** Interviewer follow-up probes, one per line (Markdown). */
  probes: string;
}

export interface LanguageForm {
  enabled: boolean;
  entry: string;
  starter: string;
  reference: string;
}

export interface TestRow {
  /** Stable React key (rows are reordered). */
  key: string;
  name: string;
  argsText: string;
  /** Empty: compare with the reference's output. */
  expectedText: string;
  sample: boolean;
  weight: number;
}

export const LIMIT_FIELDS = ["timeMsPerTest", "timeMsTotal", "memoryMb", "outputKb", "engineCalls"] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number];

export interface EditorState {
  slug: string;
  kind: "concept" | "coding";
  difficulty: "easy" | "medium" | "hard";
  tags: string[];
  status: "draft" | "published";
  content: Record<LocaleKey, ContentForm>;
  params: string;
  languages: Record<CodeLanguage, LanguageForm>;
  checker: Checker;
  limits: Partial<Record<LimitField, string>>;
  /** The coding spec's engine work bound (ADR 0102), carried through unchanged: the form does not edit it yet. */
  workBound?: unknown;
  tests: TestRow[];
}

/** JSON text of a test value that keeps -0 (JSON.stringify writes it as 0, JSON.parse reads "-0" back as -0). */
export function testValueText(value: unknown): string {
  const marker = "\u0000-0\u0000";
  return JSON.stringify(value, (_key, v) => (Object.is(v, -0) ? marker : v)).replaceAll(JSON.stringify(marker), "-0");
}

let keyCounter = 0;
export const newRowKey = () => `row-${Date.now().toString(36)}-${keyCounter++}`;

const emptyContent = (enabled: boolean): ContentForm => ({ enabled, title: "", body: "", answer: "", keyPoints: "", explanation: "", probes: "" });

export function blankState(kind: "concept" | "coding" = "concept"): EditorState {
  return {
    slug: "",
    kind,
    difficulty: "easy",
    tags: [],
    status: "draft",
    // English starts off: an enabled locale needs a title, and many questions start in one language.
    content: { zh: emptyContent(true), en: emptyContent(false) },
    params: "text",
    languages: {
      python: { enabled: true, entry: "solve", starter: generatedStarter("python", { entry: "solve", params: ["text"] }), reference: "" },
      javascript: { enabled: true, entry: "solve", starter: generatedStarter("javascript", { entry: "solve", params: ["text"] }), reference: "" },
      typescript: { enabled: false, entry: "solve", starter: "", reference: "" },
    },
    checker: { type: "exact" },
    limits: {},
    tests: [{ key: newRowKey(), name: "", argsText: '["hello"]', expectedText: "", sample: true, weight: 1 }],
  };
}

export function stateFromQuestion(q: Question): EditorState {
  const base = blankState(q.kind);
  const content = { ...base.content };
  for (const locale of ["zh", "en"] as const) {
    const c = q.content[locale];
    content[locale] = c
      ? { enabled: true, title: c.title, body: c.body, answer: c.answer, keyPoints: c.keyPoints.join("\n"), explanation: c.explanation, probes: c.probes.join("\n") }
      : emptyContent(false);
  }
  const state: EditorState = { ...base, slug: q.slug, kind: q.kind, difficulty: q.difficulty, tags: [...q.tags], status: q.status, content };
  if (q.coding) {
    state.params = q.coding.params.join(", ");
    for (const language of ["python", "javascript", "typescript"] as const) {
      const spec = q.coding.languages[language];
      state.languages[language] = spec
        ? { enabled: true, entry: spec.entry, starter: spec.starter, reference: spec.reference ?? "" }
        : { ...base.languages[language], enabled: false };
    }
    state.checker = q.coding.checker;
    if (q.coding.workBound !== undefined) state.workBound = q.coding.workBound;
    state.limits = Object.fromEntries(Object.entries(q.coding.limits).map(([k, v]) => [k, v === undefined ? "" : String(v)]));
    state.tests = q.coding.tests.map((t) => ({
      key: newRowKey(),
      name: t.name ?? "",
      argsText: testValueText(t.args),
      expectedText: t.expected === undefined ? "" : testValueText(t.expected),
      sample: t.sample,
      weight: t.weight,
    }));
  }
  return state;
}

function parseJson(text: string, path: string, errors: Record<string, string[]>): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    errors[path] = [`not valid JSON: ${(error as Error).message}`];
    return undefined;
  }
}

/** The bank-format question for the form (not yet schema-validated: the server does that) and JSON errors. */
export function questionFromState(state: EditorState): { question: Record<string, unknown>; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const content: Record<string, unknown> = {};
  for (const locale of ["zh", "en"] as const) {
    const c = state.content[locale];
    if (!c.enabled) continue;
    content[locale] = {
      title: c.title,
      body: c.body,
      answer: c.answer,
      keyPoints: c.keyPoints.split("\n").map((s) => s.trim()).filter(Boolean),
      explanation: c.explanation,
      probes: c.probes.split("\n").map((s) => s.trim()).filter(Boolean),
    };
  }
  const question: Record<string, unknown> = { slug: state.slug.trim(), kind: state.kind, difficulty: state.difficulty, tags: state.tags, status: state.status, content };
  if (state.kind === "coding") {
    const languages: Record<string, unknown> = {};
    const params = state.params.split(",").map((p) => p.trim()).filter(Boolean);
    for (const language of ["python", "javascript", "typescript"] as const) {
      const l = state.languages[language];
      if (!l.enabled) continue;
      const starter = followingStarter(language, l.entry.trim(), params, l.starter);
      languages[language] = { entry: l.entry.trim(), starter, ...(l.reference.trim() ? { reference: l.reference } : {}) };
    }
    const limits: Record<string, number> = {};
    for (const [name, value] of Object.entries(state.limits)) {
      if (value === undefined || value.trim() === "") continue;
      const n = Number(value);
      if (!Number.isInteger(n)) errors[`coding.limits.${name}`] = ["a whole number"];
      else limits[name] = n;
    }
    question.coding = {
      params: state.params.split(",").map((p) => p.trim()).filter(Boolean),
      languages,
      checker: state.checker,
      limits,
      ...(state.workBound !== undefined ? { workBound: state.workBound } : {}),
      tests: state.tests.map((row, i) => {
        const args = parseJson(row.argsText, `coding.tests.${i}.args`, errors);
        if (args !== undefined && !Array.isArray(args)) errors[`coding.tests.${i}.args`] = ["a JSON array of the arguments, e.g. [\"text\"]"];
        const expected = row.expectedText.trim() === "" ? undefined : parseJson(row.expectedText, `coding.tests.${i}.expected`, errors);
        return { ...(row.name.trim() ? { name: row.name.trim() } : {}), args, ...(expected !== undefined ? { expected } : {}), sample: row.sample, weight: row.weight };
      }),
    };
  }
  return { question, errors };
}
