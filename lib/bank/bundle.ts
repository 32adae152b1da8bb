/**
 * The bank's exchange format: a JSON bundle of questions in the bank format (lib/bank/schema.ts), used by the
 * admin import/export and `npm run bank -- import|export`. Its JSON Schema (generated from the zod schema, so
 * the two cannot drift) is published at GET /admin/bundle-schema.json and docs/bank-bundle.schema.json.
 *
 * Parsing never throws for bad content: every problem comes back located (file, question index, slug, field
 * path) so an import can list all of them at once and change nothing.
 *
 * @example
 *   const text = serializeBundle(makeBundle(questions));
 *   parseBundleText("bank.json", text) // → { questions: [...], problems: [] }
 */
import { z } from "zod";
import { QuestionSchema, type Question } from "./schema";

export const BUNDLE_FORMAT = "clockwise-bank";
export const BUNDLE_VERSION = 1;

export const BundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    /** When the bundle was written (ISO 8601, UTC). */
    exportedAt: z.iso.datetime(),
    questions: z.array(QuestionSchema),
  })
  .strict();
export type Bundle = z.infer<typeof BundleSchema>;

/** One problem with an imported file, located as precisely as the parser could. */
export interface ImportProblem {
  /** The file name as given by the operator or the upload ("bank.json"). */
  file: string;
  /** Index of the question inside the file (0-based), or null for a file-level problem. */
  index: number | null;
  /** The question's slug when it could be read. */
  slug: string | null;
  /** Dotted field path inside the question ("coding.tests.2.expected"), or "" for the whole question/file. */
  path: string;
  message: string;
}

/** What a file parser returns: the valid questions, each one's index in the file, and every problem. */
export interface ParsedQuestions {
  questions: Question[];
  /** `indexes[i]` is the position of `questions[i]` in its file (invalid questions are left out of `questions`). */
  indexes: number[];
  problems: ImportProblem[];
}

/** "bank.json › #3 (semantic-vector) › coding.tests.0.args: expected 1 arguments" */
export function formatProblem(problem: ImportProblem): string {
  const parts = [problem.file];
  if (problem.index !== null) parts.push(`#${problem.index}${problem.slug ? ` (${problem.slug})` : ""}`);
  if (problem.path) parts.push(problem.path);
  return `${parts.join(" › ")}: ${problem.message}`;
}

/** A bundle of `questions`, stamped now. */
export function makeBundle(questions: Question[], exportedAt: Date = new Date()): Bundle {
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, exportedAt: exportedAt.toISOString(), questions };
}

/** Pretty JSON with a trailing newline (diff-friendly when bundles are kept in git). */
export function serializeBundle(bundle: Bundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

function slugOf(value: unknown): string | null {
  if (value && typeof value === "object" && typeof (value as { slug?: unknown }).slug === "string") {
    return (value as { slug: string }).slug;
  }
  return null;
}

/** JSON.parse's message plus the line and column of the offending character when the engine reports a position. */
function jsonErrorMessage(text: string, error: Error): string {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return `not valid JSON: ${error.message}`;
  const offset = Number(match[1]);
  const before = text.slice(0, offset).split("\n");
  return `not valid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${error.message}`;
}

/**
 * Parses and validates a bundle's text. Questions that pass are returned even when others fail, so a preview
 * can show both; an import must refuse when `problems` is not empty. Duplicate slugs are reported against
 * every occurrence after the first.
 *
 * @example
 *   parseBundleText("x.json", "{") // → { questions: [], problems: [{ file: "x.json", index: null, path: "", message: "not valid JSON …" }] }
 */
export function parseBundleText(file: string, text: string): ParsedQuestions {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { questions: [], indexes: [], problems: [{ file, index: null, slug: null, path: "", message: jsonErrorMessage(text, error as Error) }] };
  }
  return parseBundleData(file, data);
}

/** Like parseBundleText for an already parsed value. */
export function parseBundleData(file: string, data: unknown): ParsedQuestions {
  const problems: ImportProblem[] = [];
  const envelope = z
    .object({ format: z.literal(BUNDLE_FORMAT), version: z.literal(BUNDLE_VERSION), exportedAt: z.iso.datetime(), questions: z.array(z.unknown()) })
    .strict()
    .safeParse(data);
  if (!envelope.success) {
    for (const issue of envelope.error.issues) {
      // Issues inside `questions` are per-question and handled below; an envelope issue there means "not an array".
      problems.push({ file, index: null, slug: null, path: issue.path.map(String).join("."), message: issue.message });
    }
    const raw = (data as { questions?: unknown } | null)?.questions;
    if (!Array.isArray(raw)) return { questions: [], indexes: [], problems };
  }
  const raw = (data as { questions: unknown[] }).questions;
  const questions: Question[] = [];
  const indexes: number[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, index) => {
    const slug = slugOf(item);
    const parsed = QuestionSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ file, index, slug, path: issue.path.map(String).join("."), message: issue.message });
      }
      return;
    }
    const first = seen.get(parsed.data.slug);
    if (first !== undefined) {
      problems.push({ file, index, slug, path: "slug", message: `duplicate slug "${parsed.data.slug}" (also question #${first})` });
      return;
    }
    seen.set(parsed.data.slug, index);
    questions.push(parsed.data);
    indexes.push(index);
  });
  return { questions, indexes, problems };
}

/**
 * The bundle format as JSON Schema (draft 2020-12), describing what an importer accepts (defaults may be omitted).
 *
 * @example
 *   bundleJsonSchema().properties.format // → { type: "string", const: "clockwise-bank" }
 */
export function bundleJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(BundleSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://clockwise.local/admin/bundle-schema.json",
    title: "Clockwise question bank bundle",
    description: "A set of Clockwise questions (lib/bank/schema.ts) for import/export. Refinements not expressible here (argument counts match params, a sample test exists, kind matches coding) are checked by the importer.",
  };
}
