/**
 * The worker's start-up check: a tiny program per language graded in the real sandbox (box start, harness,
 * result frame, checker). A worker whose self-test fails does not take jobs, and says why in its status.
 *
 * @example
 *   const status = await sandboxSelfTest(engine);
 *   status // → { ok: true, languages: { python: "ok", javascript: "ok", typescript: "ok" } }
 */
import { gradeInSandbox } from "../run-tests";
import { SandboxUnavailableError } from "../sandbox/box";
import type { EngineLike, GradeLanguage } from "../types";

export interface SelfTestStatus {
  ok: boolean;
  reason?: string;
  /** "ok" or what failed, per language. */
  languages: Record<GradeLanguage, string>;
  sandbox?: "bubblewrap" | "unsafe-local";
}

const PROGRAMS: Record<GradeLanguage, { entry: string; code: string }> = {
  python: { entry: "double", code: "def double(x, engine):\n    return x * 2\n" },
  javascript: { entry: "double", code: "function double(x, engine) { return x * 2; }\n" },
  typescript: { entry: "double", code: "export function double(x: number, engine: unknown): number { return x * 2; }\n" },
};

export async function sandboxSelfTest(engine: EngineLike): Promise<SelfTestStatus> {
  const languages = {} as Record<GradeLanguage, string>;
  let sandbox: SelfTestStatus["sandbox"];
  for (const [language, program] of Object.entries(PROGRAMS) as [GradeLanguage, (typeof PROGRAMS)[GradeLanguage]][]) {
    try {
      const result = await gradeInSandbox({
        language,
        ...program,
        tests: [{ args: [21], expected: 42 }],
        checker: { type: "exact" },
        engine,
      });
      sandbox = result.sandbox;
      languages[language] = result.verdict === "AC" ? "ok" : `self-test got ${result.verdict}${result.tests[0]?.error ? `: ${result.tests[0].error.slice(0, 200)}` : ""}`;
    } catch (error) {
      if (error instanceof SandboxUnavailableError) {
        const reason = error.message;
        return { ok: false, reason, languages: { python: reason, javascript: reason, typescript: reason } };
      }
      languages[language] = `self-test failed: ${(error as Error).message.slice(0, 200)}`;
    }
  }
  const failed = Object.entries(languages).filter(([, s]) => s !== "ok");
  return {
    ok: failed.length === 0,
    ...(failed.length ? { reason: failed.map(([l, s]) => `${l}: ${s}`).join("; ") } : {}),
    languages,
    ...(sandbox ? { sandbox } : {}),
  };
}
