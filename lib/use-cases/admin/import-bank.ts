import "server-only";
/**
 * Importing questions: JSON bundles (lib/bank/bundle.ts) and seed-style Markdown (lib/bank/seed-markdown.ts).
 * `previewImport` says what would be created / updated / left unchanged and lists every problem with its location;
 * `applyImport` runs the same checks again and then writes everything in ONE transaction, or nothing at all.
 * Published coding questions that are new or whose coding spec changed are validated with the real grader first.
 *
 * @example
 *   const preview = await previewImport({ actor, files: [{ name: "bank.json", text }] });
 *   // → { problems: [], items: [{ slug: "semantic-vector", action: "update", changes: ["content.en.body"] }, ...] }
 *   const result = await applyImport({ actor, files: [{ name: "bank.json", text }] }); // → { applied: true, ... }
 */
import { formatProblem, parseBundleText, type ImportProblem, type ParsedQuestions } from "@/lib/bank/bundle";
import { parseSeedMarkdown, type SeedMarkdownOptions } from "@/lib/bank/seed-markdown";
import { parseQuestionFile } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import type { Actor } from "@/lib/auth/actor";
import { prisma } from "@/lib/db/client";
import { VersionConflict, writeQuestion } from "@/lib/db/questions/question-record";
import { assertAdmin } from "./admin-actor";
import { questionTarget, recordAudit } from "./audit";
import { changedFields, sameQuestion, summarizeChanges } from "./question-changes";
import { loadQuestionState, validationFor } from "./question-state";
import { limitProblems } from "./question-limits";
import { keyPointProblems } from "@/lib/bank/key-points";

export interface ImportFile {
  /**
   * Shown in problem locations. `.md`/`.markdown`/`.txt` are read as seed-style Markdown, `.yaml`/`.yml` as one
   * bank source file (prisma/bank format), everything else as a JSON bundle.
   */
  name: string;
  text: string;
}

export interface ImportItem {
  file: string;
  index: number;
  slug: string;
  kind: Question["kind"];
  status: Question["status"];
  action: "create" | "update" | "unchanged";
  /** The update brings back a soft-deleted question. */
  restoresDeleted: boolean;
  changes: string[];
}

export interface ImportReport {
  applied: boolean;
  problems: ImportProblem[];
  items: ImportItem[];
}

export interface ImportOptions {
  /** Skip running reference solutions (preview only; apply always validates). */
  skipValidation?: boolean;
  markdown?: SeedMarkdownOptions;
}

export const isMarkdownFile = (name: string) => /\.(md|markdown|txt)$/i.test(name);
const isYamlFile = (name: string) => /\.ya?ml$/i.test(name);

function parseYaml(name: string, text: string): ParsedQuestions {
  const { question, errors } = parseQuestionFile(name, text);
  return {
    questions: question ? [question] : [],
    indexes: question ? [0] : [],
    problems: errors.map((e) => ({ file: name, index: e.path ? 0 : null, slug: question?.slug ?? null, path: e.path, message: e.message })),
  };
}

interface Located {
  file: string;
  index: number;
  question: Question;
}

function parseFiles(files: ImportFile[], options: ImportOptions): { located: Located[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const located: Located[] = [];
  if (files.length === 0) problems.push({ file: "(none)", index: null, slug: null, path: "", message: "no file to import" });
  for (const file of files) {
    const parsed = isMarkdownFile(file.name)
      ? parseSeedMarkdown(file.name, file.text, options.markdown)
      : isYamlFile(file.name)
        ? parseYaml(file.name, file.text)
        : parseBundleText(file.name, file.text);
    problems.push(...parsed.problems);
    parsed.questions.forEach((question, i) => located.push({ file: file.name, index: parsed.indexes[i], question }));
  }
  // Duplicates across files (within one file the parser already reported them).
  const seen = new Map<string, Located>();
  for (const item of located) {
    const first = seen.get(item.question.slug);
    if (first && first.file !== item.file) {
      problems.push({ file: item.file, index: item.index, slug: item.question.slug, path: "slug", message: `duplicate slug, also in ${first.file}` });
    } else if (!first) {
      seen.set(item.question.slug, item);
    }
  }
  return { located, problems };
}

async function check(files: ImportFile[], options: ImportOptions): Promise<{ problems: ImportProblem[]; items: ImportItem[]; located: Located[] }> {
  const { located, problems } = parseFiles(files, options);
  const items: ImportItem[] = [];
  for (const entry of located) {
    for (const [path, messages] of Object.entries(limitProblems(entry.question))) {
      for (const message of messages) problems.push({ file: entry.file, index: entry.index, slug: entry.question.slug, path, message });
    }
    for (const message of keyPointProblems(entry.question)) problems.push({ file: entry.file, index: entry.index, slug: entry.question.slug, path: "content", message });
    const state = await loadQuestionState(prisma, entry.question.slug);
    const before = state?.question ?? null;
    const unchanged = state !== null && !state.deletedAt && sameQuestion(before!, entry.question);
    items.push({
      file: entry.file,
      index: entry.index,
      slug: entry.question.slug,
      kind: entry.question.kind,
      status: entry.question.status,
      action: !state ? "create" : unchanged ? "unchanged" : "update",
      restoresDeleted: Boolean(state?.deletedAt),
      changes: unchanged ? [] : changedFields(before, entry.question),
    });
    if (unchanged || options.skipValidation) continue;
    const report = await validationFor(entry.question, state && !state.deletedAt ? before : null);
    if (report && !report.ok) {
      for (const message of report.problems) {
        problems.push({ file: entry.file, index: entry.index, slug: entry.question.slug, path: "coding.languages", message: `reference fails validation: ${message}` });
      }
    }
  }
  return { problems, items, located };
}

export async function previewImport({ actor, files, options = {} }: { actor: Actor; files: ImportFile[]; options?: ImportOptions }): Promise<ImportReport> {
  assertAdmin(actor);
  const { problems, items } = await check(files, options);
  return { applied: false, problems, items };
}

export async function applyImport({ actor, files, options = {} }: { actor: Actor; files: ImportFile[]; options?: Omit<ImportOptions, "skipValidation"> }): Promise<ImportReport> {
  const admin = assertAdmin(actor);
  const { problems, items, located } = await check(files, { ...options, skipValidation: false });
  if (problems.length) return { applied: false, problems, items };
  try {
    await prisma.$transaction(
      async (tx) => {
        for (const [i, entry] of located.entries()) {
          const item = items[i];
          if (item.action === "unchanged") continue;
          const state = await loadQuestionState(tx, entry.question.slug);
          const before = state?.question ?? null;
          const written = await writeQuestion(tx, entry.question, {
            existing: state ? { id: state.id, version: state.version } : null,
            authorId: admin.id,
            summary: `import ${entry.file}: ${summarizeChanges(before, entry.question)}`.slice(0, 500),
          });
          await recordAudit(tx, admin, state ? "question.update" : "question.create", questionTarget(entry.question.slug), { version: written.version, via: "import", file: entry.file });
        }
        await recordAudit(tx, admin, "bank.import", `files:${files.map((f) => f.name).join(",")}`.slice(0, 200), {
          created: items.filter((x) => x.action === "create").length,
          updated: items.filter((x) => x.action === "update").length,
          unchanged: items.filter((x) => x.action === "unchanged").length,
        });
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    // Someone changed a question between the checks and the write: nothing was written; say where.
    if (error instanceof VersionConflict) {
      return { applied: false, problems: [{ file: files[0]?.name ?? "", index: null, slug: null, path: "", message: "a question changed while importing; nothing was imported, try again" }], items };
    }
    throw error;
  }
  return { applied: true, problems: [], items };
}

/** Problems as printable lines (CLI, logs). */
export function describeProblems(problems: ImportProblem[]): string[] {
  return problems.map(formatProblem);
}
