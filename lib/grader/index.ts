/**
 * The judge's public API. The queue worker, the admin "validate question" action and /api/health import
 * only this file.
 *
 * @example
 *   import { gradeInSandbox, selfTest } from "@/lib/grader";
 *   const result = await gradeInSandbox({ language, code, entry, tests, checker, limits, engine: await getEngine() });
 */
export { gradeInSandbox, stageTimes } from "./run-tests";
export { selfTest, selfTestPassed, type SelfTestOutcome, type SelfTestReport } from "./self-test";
export { check, type CheckResult } from "./checkers";
export { rollUp } from "./verdicts";
export { configuredLimits, resolveLimits, LIMIT_SPECS, LimitConfigError, type GraderLimits, type LimitRequest, type LimitName } from "./limits";
export { SandboxUnavailableError, assertSandboxAvailable, boxRegistry } from "./sandbox/box";
export { defaultBoxPool, warmPoolSize } from "./sandbox/pool";
export { VERDICTS, type CompileError, type EngineLike, type GradeLanguage, type GradeRequest, type GradeResult, type GradeTest, type StageTimes, type TestRecord, type Verdict } from "./types";
