/**
 * The worker's start-up check, as a status record: the grader's own self-test (lib/grader/self-test.ts: a tiny
 * correct semantic-vector solution per language through the real sandbox and engine) reduced to
 * `{ ok, reason?, languages }`. A worker whose self-test fails takes no jobs and says why in its heartbeats.
 *
 * @example
 *   const status = await sandboxSelfTest(engine);
 *   status // → { ok: true, languages: { python: "ok", javascript: "ok", typescript: "ok" }, sandbox: "bubblewrap" }
 */
import { selfTest } from "../self-test";
import { assertSandboxAvailable, SandboxUnavailableError } from "../sandbox/box";
import { sandboxEnforcement, type SandboxEnforcement } from "../sandbox/enforcement";
import type { EngineLike, GradeLanguage } from "../types";

export interface SelfTestStatus {
  ok: boolean;
  reason?: string;
  /** "ok" or what failed, per language. */
  languages: Record<GradeLanguage, string>;
  sandbox?: "bubblewrap" | "unsafe-local";
  /** Which limits the boxes of this worker really get (cgroups v1/v2 or rlimits only). */
  enforcement?: SandboxEnforcement;
}

export async function sandboxSelfTest(engine: EngineLike): Promise<SelfTestStatus> {
  let sandbox: SelfTestStatus["sandbox"];
  try {
    sandbox = assertSandboxAvailable().unsafe ? "unsafe-local" : "bubblewrap";
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error;
    // Said once, plainly: every language fails for the same reason.
    const reason = error.message;
    return { ok: false, reason, languages: { python: reason, javascript: reason, typescript: reason } };
  }
  const report = await selfTest(engine);
  const languages = {} as Record<GradeLanguage, string>;
  for (const [language, outcome] of Object.entries(report) as [GradeLanguage, (typeof report)[GradeLanguage]][]) {
    languages[language] = outcome.ok ? "ok" : `self-test failed: ${outcome.error.slice(0, 300)}`;
  }
  const failed = Object.entries(languages).filter(([, state]) => state !== "ok");
  return {
    ok: failed.length === 0,
    ...(failed.length ? { reason: failed.map(([language, state]) => `${language}: ${state}`).join("; ") } : {}),
    languages,
    sandbox,
    enforcement: sandboxEnforcement(),
  };
}
