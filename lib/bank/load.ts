/**
 * Reads the bank's source files (one YAML file per question, prisma/bank/<kind>/<slug>.yaml) and
 * validates each against QuestionSchema. Used by the database seed and by the bank's own tests.
 *
 * Nothing here throws for bad content: every problem comes back as a located error
 * (file, path inside the question, message) so a seed or an admin import can show all of them at once.
 */
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { QuestionSchema, type Question } from "./schema";

export interface BankLoadError {
  /** The file, relative to the bank directory (e.g. "coding/semantic-vector.yaml"). */
  file: string;
  /** Dotted path inside the question ("coding.tests.3.args"), or "" for the whole file. */
  path: string;
  message: string;
}

export interface BankLoadResult {
  questions: Question[];
  errors: BankLoadError[];
}

const KIND_DIRECTORIES = ["concept", "coding"] as const;

/** Lists the bank's YAML files, relative to `dir`, in a stable order. */
export function listBankFiles(dir: string): string[] {
  const files: string[] = [];
  for (const kind of KIND_DIRECTORIES) {
    // The bank is read from the checkout at run time, never bundled: the ignore comments keep Next's file tracer
    // from pulling the whole project into the server build for a path it cannot know.
    const kindDir = path.join(/*turbopackIgnore: true*/ dir, kind);
    if (!fs.existsSync(/*turbopackIgnore: true*/ kindDir)) continue;
    for (const name of fs.readdirSync(/*turbopackIgnore: true*/ kindDir).sort()) {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) files.push(`${kind}/${name}`);
    }
  }
  return files;
}

/**
 * Parses and validates one question file's text. `file` is only used to locate errors and to check
 * that the slug matches the file name and the kind matches the directory.
 *
 * @example
 *   parseQuestionFile("concept/kv-cache-basics.yaml", text) // → { question: {...}, errors: [] }
 */
export function parseQuestionFile(file: string, text: string): { question?: Question; errors: BankLoadError[] } {
  let data: unknown;
  try {
    data = YAML.parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    return { errors: [{ file, path: "", message: `YAML: ${(err as Error).message}` }] };
  }
  const parsed = QuestionSchema.safeParse(data);
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.map((issue) => ({
        file,
        path: issue.path.map(String).join("."),
        message: issue.message,
      })),
    };
  }
  const question = parsed.data;
  const errors: BankLoadError[] = [];
  const [kindDir, name] = file.split("/");
  const stem = name?.replace(/\.ya?ml$/, "");
  if (stem && stem !== question.slug) {
    errors.push({ file, path: "slug", message: `slug "${question.slug}" must match the file name "${stem}"` });
  }
  if (name && kindDir !== question.kind) {
    errors.push({ file, path: "kind", message: `a ${question.kind} question must live in ${question.kind}/, not ${kindDir}/` });
  }
  return errors.length ? { errors } : { question, errors };
}

/**
 * Loads every question under `dir` (default: the repository's prisma/bank, relative to the current
 * working directory). Duplicate slugs are reported against the second file.
 *
 * @example
 *   const { questions, errors } = loadBankFiles();
 *   if (errors.length) throw new Error(errors.map((e) => `${e.file} ${e.path}: ${e.message}`).join("\n"));
 */
export function loadBankFiles(dir = "prisma/bank"): BankLoadResult {
  const questions: Question[] = [];
  const errors: BankLoadError[] = [];
  const firstFileBySlug = new Map<string, string>();
  for (const file of listBankFiles(dir)) {
    const filePath = path.join(/*turbopackIgnore: true*/ dir, file);
    const text = fs.readFileSync(/*turbopackIgnore: true*/ filePath, "utf8");
    const result = parseQuestionFile(file, text);
    errors.push(...result.errors);
    if (!result.question) continue;
    const seenIn = firstFileBySlug.get(result.question.slug);
    if (seenIn) {
      errors.push({ file, path: "slug", message: `duplicate slug "${result.question.slug}" (also in ${seenIn})` });
      continue;
    }
    firstFileBySlug.set(result.question.slug, file);
    questions.push(result.question);
  }
  return { questions, errors };
}
