/**
 * The question format: one zod schema shared by the bank's source files (prisma/bank), the seed,
 * the admin import/export bundle and the grader. Every boundary that receives a question parses it here.
 *
 * @example
 *   const q = QuestionSchema.parse(yaml.parse(fs.readFileSync("prisma/bank/coding/semantic-vector.yaml", "utf8")));
 */
import { z } from "zod";
import { TAG_NAMES } from "./tags";
import { workFormulaProblem } from "./work-bound";

export const LOCALES = ["zh", "en"] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

export const LANGUAGES = ["python", "javascript", "typescript"] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

export const DifficultySchema = z.enum(["easy", "medium", "hard"]);
export const QuestionKindSchema = z.enum(["concept", "coding"]);
export const QuestionStatusSchema = z.enum(["draft", "published"]);

export const SlugSchema = z
  .string()
  .min(3)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes");

/** What a question says in one language. Markdown is sanitized when rendered, never trusted. */
export const LocalizedContentSchema = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().max(50_000),
  /** The reference answer shown after an attempt (concept) or the solution write-up (coding). */
  answer: z.string().max(50_000).default(""),
  /** Short statements the concept grader looks for in a candidate's answer. */
  keyPoints: z.array(z.string().trim().min(1).max(500)).max(12).default([]),
  explanation: z.string().max(50_000).default(""),
  /**
   * Interviewer follow-up questions (markdown), shown only after the candidate has answered, e.g.
   * "Redo the estimate with GQA (8 KV heads)". Concept questions carry 2–3 per locale (tests/bank).
   */
  probes: z.array(z.string().trim().min(1).max(1_000)).max(5).default([]),
});
export type LocalizedContent = z.infer<typeof LocalizedContentSchema>;

/** How a test's result is compared with the expected value. Parameters have safe defaults. */
export type Checker =
  | { type: "exact" }
  | { type: "allclose"; atol: number; rtol: number }
  | { type: "cosine"; minSimilarity: number; normTolerance: number | null }
  | { type: "label" }
  | { type: "object"; fields: Record<string, Checker> };

export const CheckerSchema: z.ZodType<Checker> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("exact") }),
    z.object({
      type: z.literal("allclose"),
      atol: z.number().nonnegative().default(1e-6),
      rtol: z.number().nonnegative().default(1e-5),
    }),
    z.object({
      type: z.literal("cosine"),
      minSimilarity: z.number().min(-1).max(1).default(0.999),
      /** |norm(got) - norm(expected)| must stay within this; null skips the norm check. */
      normTolerance: z.number().nonnegative().nullable().default(1e-3),
    }),
    z.object({ type: z.literal("label") }),
    z.object({ type: z.literal("object"), fields: z.record(z.string(), CheckerSchema) }),
  ]),
) as z.ZodType<Checker>;

export const LanguageSpecSchema = z.object({
  /** Name of the top-level function the harness calls. */
  entry: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/),
  starter: z.string().max(20_000),
  /** The reference solution; required for publishing (the grader validates it). */
  reference: z.string().max(50_000).optional(),
});

/** Limits a question may ask for; the grader clamps each to its configured maximum. */
export const LimitsSchema = z.object({
  timeMsPerTest: z.number().int().positive().optional(),
  timeMsTotal: z.number().int().positive().optional(),
  memoryMb: z.number().int().positive().optional(),
  outputKb: z.number().int().positive().optional(),
  engineCalls: z.number().int().positive().optional(),
});

/**
 * A bound on the engine work of one test, counted on the host (lib/bank/work-bound.ts): a solution within the
 * value checker but above the bound gets WA ("… with a KV cache it needs at most 96"). `maxForwardTokens` is a
 * number or a formula over prompt, rows and new, e.g. "prompt + new"; `generatedPath` says where the generated
 * ids are in the expected value (e.g. "ids"; default: the value itself).
 */
export const WorkBoundSchema = z
  .object({
    maxForwardTokens: z.union([
      z.number().int().positive(),
      z.string().superRefine((text, ctx) => {
        const problem = workFormulaProblem(text);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    ]),
    generatedPath: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, "dot-separated keys, e.g. ids or result.ids").optional(),
  })
  .strict();
export type WorkBound = z.infer<typeof WorkBoundSchema>;

export const TestCaseSchema = z.object({
  name: z.string().max(120).optional(),
  /** Positional arguments of the entry function (the harness appends `engine`). */
  args: z.array(z.unknown()),
  /**
   * The expected result. When absent the checker compares with the reference solution's output for the
   * same test, produced by the same engine (robust to retrained models).
   */
  expected: z.unknown().optional(),
  sample: z.boolean().default(false),
  weight: z.number().positive().max(100).default(1),
});
export type TestCase = z.infer<typeof TestCaseSchema>;

export const CodingSpecSchema = z
  .object({
    /** Argument names shown in the statement and the custom-input form, in call order. */
    params: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).min(1),
    languages: z
      .object({ python: LanguageSpecSchema, javascript: LanguageSpecSchema, typescript: LanguageSpecSchema.optional() })
      .strict(),
    checker: CheckerSchema,
    /** Optional bound on forward tokens per test (decoding tasks: proof that the KV cache was used). */
    workBound: WorkBoundSchema.optional(),
    limits: LimitsSchema.default({}),
    tests: z.array(TestCaseSchema).min(1).max(200),
  })
  .superRefine((spec, ctx) => {
    spec.tests.forEach((t, i) => {
      if (t.args.length !== spec.params.length) {
        ctx.addIssue({
          code: "custom",
          path: ["tests", i, "args"],
          message: `expected ${spec.params.length} arguments (${spec.params.join(", ")}), got ${t.args.length}`,
        });
      }
    });
    if (!spec.tests.some((t) => t.sample)) {
      ctx.addIssue({ code: "custom", path: ["tests"], message: "at least one test must be a sample" });
    }
  });
export type CodingSpec = z.infer<typeof CodingSpecSchema>;

export const QuestionSchema = z
  .object({
    slug: SlugSchema,
    kind: QuestionKindSchema,
    difficulty: DifficultySchema,
    tags: z.array(z.enum(TAG_NAMES)).min(1).max(8),
    status: QuestionStatusSchema.default("published"),
    content: z.object({ zh: LocalizedContentSchema.optional(), en: LocalizedContentSchema.optional() }).strict(),
    coding: CodingSpecSchema.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.content.zh && !q.content.en) {
      ctx.addIssue({ code: "custom", path: ["content"], message: "at least one locale (zh or en) is required" });
    }
    if (q.kind === "coding" && !q.coding) {
      ctx.addIssue({ code: "custom", path: ["coding"], message: "a coding question needs a coding spec" });
    }
    if (q.kind === "concept" && q.coding) {
      ctx.addIssue({ code: "custom", path: ["coding"], message: "a concept question has no coding spec" });
    }
  });
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionInput = z.input<typeof QuestionSchema>;
