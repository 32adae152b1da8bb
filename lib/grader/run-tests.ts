/**
 * Grades one submission in the sandbox: one box, all tests streamed into it, each answer checked on the
 * host, stage times taken from the host clock. This is the judge core the queue worker, the admin
 * "validate question" action and the start-up self-test call; it knows nothing about the database.
 *
 * @example
 *   const result = await gradeInSandbox({
 *     language: "python", entry: "llm_inference", code,
 *     tests: [{ args: ["我喜欢吃饭"], expected: [0.1, …] }],
 *     checker: { type: "cosine", minSimilarity: 0.999, normTolerance: 1e-3 },
 *     engine: getEngine(),
 *   });
 *   result.verdict  // "AC" | "WA" | …;  result.tests[0].stages  // { inputMs, forwardMs, postMs }
 */
import { randomBytes } from "node:crypto";
import { BoxEvents, type BoxEvent } from "./box-events";
import { check, preview } from "./checkers";
import { EngineGateway } from "./engine-gateway";
import { generationTiming } from "./generation-timing";
import { checkWorkBound } from "./work-bound-check";
import { resolveLimits, type GraderLimits } from "./limits";
import { SandboxUnavailableError, assertSandboxAvailable, type Box, type BoxExit } from "./sandbox/box";
import { acquireBox, frameCapFor } from "./sandbox/pool";
import { MAX_CODE_CHARS, transpileForBox } from "./transpile";
import type { CompileError, GradeRequest, GradeResult, GradeTest, StageTimes, TestRecord, Verdict } from "./types";
import { rollUp } from "./verdicts";
import { storableText, storableValue, valueShapeProblem } from "./storable";

const EXCERPT_CHARS = 2_000;
const GOT_PREVIEW_CHARS = 2_000;
const SIGXCPU = 24;
/** How often the box's CPU time (all its processes, from the cgroup) is checked while a test runs. */
const CPU_CHECK_MS = 100;

interface Prepared {
  code: string;
  filename: string;
}

interface FailureVerdict {
  verdict: Verdict;
  error: string;
}

/** Why a box stopped: the kernel's OOM kill, the CPU rlimit, V8's heap limit, or a plain crash. */
function classifyExit(box: Box, exit: BoxExit): FailureVerdict {
  const stats = box.stats();
  const stderr = box.output().stderr;
  if (stats?.oomKilled || /JavaScript heap out of memory|Reached heap limit/.test(stderr)) {
    return { verdict: "MLE", error: `memory limit exceeded (${box.limits.memoryMb} MiB)` };
  }
  const signal = exit.signal ?? (exit.code !== null && exit.code > 128 ? exit.code - 128 : null);
  const cpuExhausted = stats ? stats.cpuNs >= box.limits.cpuSeconds * 1e9 * 0.98 : false;
  if (signal === "SIGXCPU" || signal === SIGXCPU || cpuExhausted) {
    return { verdict: "TLE", error: `CPU time limit exceeded (${box.limits.cpuSeconds} s for the submission)` };
  }
  const how = signal !== null ? `was killed by signal ${signal}` : `exited with code ${exit.code}`;
  const pids = stats?.pidsLimitHit ? ` (it hit the limit of ${box.limits.pids} processes/threads)` : "";
  return { verdict: "RE", error: `the program ${how}${pids}` };
}

function runtimeVerdict(errorType: string, message: string): Verdict {
  if (errorType === "MemoryError") return "MLE";
  if (errorType === "RangeError" && /allocation failed|Invalid (typed )?array length|out of memory/i.test(message)) return "MLE";
  return "RE";
}

function boundedGot(value: unknown): unknown {
  let text: string;
  try {
    text = JSON.stringify(value) ?? "null";
  } catch {
    return preview(value, GOT_PREVIEW_CHARS);
  }
  if (text.length <= GOT_PREVIEW_CHARS && !containsNonFinite(value)) return value;
  return text.length <= GOT_PREVIEW_CHARS ? preview(value, GOT_PREVIEW_CHARS) : `${text.slice(0, GOT_PREVIEW_CHARS)}… (${text.length} characters)`;
}

function containsNonFinite(value: unknown, depth = 0): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (depth > 20 || !value || typeof value !== "object") return false;
  return Object.values(value).some((v) => containsNonFinite(v, depth + 1));
}

const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);

/**
 * Stages from host timestamps (docs/adr/0302-timing.md): forward = time inside forward passes; post = from
 * the last forward answer to the result; input = the rest (before the first forward request and any gap
 * between forward passes). Without a forward pass everything is input.
 */
export function stageTimes(sentAt: number, doneAt: number, spans: { startedAt: number; endedAt: number }[]): StageTimes {
  const wall = Math.max(0, doneAt - sentAt);
  if (spans.length === 0) return { inputMs: wall, forwardMs: 0, postMs: 0 };
  const forwardMs = spans.reduce((s, f) => s + (f.endedAt - f.startedAt), 0);
  const lastAnswer = Math.max(...spans.map((f) => f.endedAt));
  const postMs = Math.max(0, doneAt - lastAnswer);
  return { inputMs: Math.max(0, wall - forwardMs - postMs), forwardMs, postMs };
}

class SubmissionRun {
  readonly records: TestRecord[] = [];
  readonly boxStartMs: number[] = [];
  private memoryPeakBytes = 0;
  private internalNote: string | undefined;
  private cpuNs = 0;
  private readonly startedAt = performance.now();
  readonly deadline: number;
  readonly gateway: EngineGateway;

  constructor(
    readonly request: GradeRequest,
    readonly limits: GraderLimits,
    readonly prepared: Prepared,
  ) {
    this.deadline = this.startedAt + limits.timeMsTotal;
    this.gateway = new EngineGateway(request.engine, limits);
  }

  remainingMs(): number {
    return this.deadline - performance.now();
  }

  private boxLanguage() {
    return this.request.language === "python" ? ("python" as const) : ("javascript" as const);
  }

  async run(): Promise<GradeResult> {
    const tests = this.request.tests;
    let box: Box | undefined;
    let starts = 0;
    let lastFailure: FailureVerdict | undefined;
    try {
      let index = 0;
      while (index < tests.length) {
        if (!box) {
          if (this.remainingMs() <= 0) {
            this.fillRemaining(index, { verdict: "TLE", error: `not run: the submission's time limit (${this.limits.timeMsTotal} ms) was used up` });
            break;
          }
          if (starts > this.limits.boxRestarts) {
            this.fillRemaining(index, { verdict: lastFailure?.verdict ?? "RE", error: `not run: the program failed ${starts} times` });
            break;
          }
          starts += 1;
          try {
            const asked = performance.now();
            box = (await acquireBox(this.boxLanguage(), this.limits)).box;
            this.boxStartMs.push(performance.now() - asked); // ~0 for a warm box from the pool
          } catch (error) {
            if (error instanceof SandboxUnavailableError) throw error;
            return this.internalError(`the sandbox did not start: ${(error as Error).message}`);
          }
          const events = new BoxEvents(box);
          const init = await this.initialize(box, events);
          if (init !== "ready") {
            this.account(box);
            await box.destroy();
            box = undefined;
            if ("compileError" in init) return this.finish(init.compileError);
            this.fillRemaining(index, init);
            break;
          }
          (box as Box & { events?: BoxEvents }).events = events;
        }
        const events = (box as Box & { events?: BoxEvents }).events!;
        const { record, boxDead, failure } = await this.runTest(box, events, index, tests[index]);
        this.emitRecord(record);
        if (failure) lastFailure = failure;
        if (boxDead) box = undefined; // runTest already accounted for and destroyed it
        index += 1;
      }
      return this.finish();
    } finally {
      this.gateway.close(); // the submission's KV caches go with it
      if (box) {
        box.send({ type: "shutdown" });
        this.account(box);
        await box.destroy();
      }
    }
  }

  private frameCap(): number {
    return frameCapFor(this.limits);
  }

  private account(box: Box): void {
    const stats = box.stats();
    if (!stats) return;
    this.memoryPeakBytes = Math.max(this.memoryPeakBytes, stats.memoryPeakBytes);
    this.cpuNs += stats.cpuNs;
  }

  /** Sends the code; waits for the harness to load it. Module-level failures are deterministic: no retry. */
  private async initialize(box: Box, events: BoxEvents): Promise<"ready" | { compileError: CompileError } | FailureVerdict> {
    box.send({ type: "init", code: this.prepared.code, entry: this.request.entry, filename: this.prepared.filename });
    const timeout = Math.min(this.limits.timeMsPerTest, this.remainingMs());
    for (;;) {
      const event = await events.next(timeout);
      if (event.kind === "frame") {
        const m = event.message;
        if (m.type === "ready") return "ready";
        if (m.type === "compile_error") {
          return { compileError: { message: String(m.message ?? "compile error").slice(0, 2000), line: numberOrNull(m.line), column: numberOrNull(m.column) } };
        }
        if (m.type === "load_error") {
          const detail = String(m.traceback || `${m.errorType}: ${m.message}`).slice(0, 4000);
          return { verdict: runtimeVerdict(String(m.errorType), String(m.message)), error: `error while loading the code:\n${detail}` };
        }
        if (m.type === "engine") {
          box.send({ type: "engine_error", id: m.id, message: "the engine is only available inside the entry function" });
          continue;
        }
        return { verdict: "RE", error: "the program broke the harness protocol while loading" };
      }
      return this.limitFailure(box, event, "while loading the code");
    }
  }

  private limitFailure(box: Box, event: Exclude<BoxEvent, { kind: "frame" }>, when: string): FailureVerdict {
    switch (event.kind) {
      case "timeout":
        return { verdict: "TLE", error: `time limit exceeded ${when}` };
      case "output-limit":
        return { verdict: "OLE", error: `output limit exceeded: more than ${this.limits.outputKb} KiB printed` };
      case "protocol-error":
        return event.oversized
          ? { verdict: "OLE", error: `a message from the program exceeded ${Math.round(this.frameCap() / 1024)} KiB` }
          : { verdict: "RE", error: "the program broke the harness protocol" };
      case "exit":
        return classifyExit(box, event.exit);
    }
  }

  private async runTest(box: Box, events: BoxEvents, index: number, test: GradeTest): Promise<{ record: TestRecord; boxDead: boolean; failure?: FailureVerdict }> {
    const offsets = box.outputOffsets();
    const callsBefore = this.gateway.calls;
    const tokensBefore = this.gateway.tokens;
    const cpuBefore = box.stats()?.cpuNs;
    this.gateway.startTest();
    const perTest = this.limits.timeMsPerTest;
    const budget = Math.min(perTest, this.remainingMs());
    // untrusted: the result must echo this nonce, so nothing written before the test was sent is accepted.
    const nonce = randomBytes(8).toString("hex");
    const sentAt = performance.now();
    box.send({ type: "test", index, nonce, args: test.args });
    const deadline = sentAt + budget;

    let outcome: { value: unknown } | FailureVerdict | undefined;
    let boxDead = false;
    while (!outcome) {
      const untilDeadline = deadline - performance.now();
      const event = await events.next(box.usesCgroups ? Math.min(untilDeadline, CPU_CHECK_MS) : untilDeadline);
      if (event.kind === "timeout" && performance.now() < deadline) {
        // RLIMIT_CPU is per process (N forks would get N budgets); the cgroup counts the whole box.
        if (this.cpuNs + (box.stats()?.cpuNs ?? 0) >= this.limits.cpuSeconds * 1e9) {
          outcome = { verdict: "TLE", error: `CPU time limit exceeded (${this.limits.cpuSeconds} s for the submission, all processes together)` };
          boxDead = true;
        }
        continue;
      }
      if (event.kind !== "frame") {
        outcome = this.limitFailure(box, event, budget < perTest ? "(the submission's total time ran out)" : `(${perTest} ms per test)`);
        boxDead = true;
        break;
      }
      const m = event.message;
      if (m.type === "engine") {
        if (this.gateway.abusive) {
          outcome = { verdict: "RE", error: `too many engine calls (limit ${this.limits.engineCalls})` };
          boxDead = true;
          break;
        }
        void this.gateway.handle(m, event.bytes, (reply) => (reply.type === "encoded" ? box.deliverEncoded(reply.frame) : box.deliver(reply)));
        continue;
      }
      if ((m.type === "result" || m.type === "error") && m.index === index && m.nonce === nonce) {
        if (m.type === "error") {
          const errorType = String(m.errorType ?? "Error");
          const message = String(m.message ?? "");
          outcome = { verdict: runtimeVerdict(errorType, message), error: String(m.traceback || `${errorType}: ${message}`).slice(0, 4000) };
        } else if (event.bytes > this.limits.resultKb * 1024) {
          outcome = { verdict: "OLE", error: `the returned value is larger than ${this.limits.resultKb} KiB` };
        } else {
          // untrusted: a value nested thousands deep would overflow the checker's and the preview's stack.
          const shape = valueShapeProblem(m.value);
          outcome = shape ? { verdict: "RE", error: `the returned value cannot be checked: ${shape}` } : { value: m.value };
        }
        break;
      }
      // untrusted: a forged or out-of-order frame (e.g. a "result" for a test not yet sent) is never trusted.
      outcome = { verdict: "RE", error: "the program broke the harness protocol (unexpected message)" };
      boxDead = true;
    }
    const doneAt = performance.now();
    const wallMs = doneAt - sentAt;
    // The harness flushes stdout/stderr before it sends the result, but the host reads those pipes and the
    // channel separately: give bytes already in the pipes one event-loop turn to arrive for this test.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const cpuAfter = box.stats()?.cpuNs;
    if (boxDead) {
      this.account(box); // before destroy(): the cgroup's counters go with it
      await box.destroy();
      this.gateway.releaseCaches(); // the next box is a new program: no handle of this one may live on
    }
    const output = box.output(offsets);
    const generation = generationTiming(sentAt, this.gateway.forwardSpans);
    const record: TestRecord = {
      index,
      ...(test.name ? { name: test.name } : {}),
      verdict: "AC",
      stages: stageTimes(sentAt, doneAt, this.gateway.forwardSpans),
      wallMs,
      ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuMs: (cpuAfter - cpuBefore) / 1e6 } : {}),
      engineCalls: this.gateway.calls - callsBefore,
      tokens: this.gateway.tokens - tokensBefore,
      ...(generation ? { generation } : {}),
      stdout: excerpt(output.stdout),
      stderr: excerpt(output.stderr),
      checked: false,
    };
    if (this.gateway.engineFault) {
      // The engine failed on a request it had accepted: our fault, whatever the program did with the error.
      record.verdict = "IE";
      record.error = "internal error in the inference engine; the submission will be retried";
      this.internalNote = this.gateway.engineFault;
      return { record, boxDead };
    }
    if ("verdict" in outcome) {
      record.verdict = outcome.verdict;
      record.error = outcome.error;
      return { record, boxDead, failure: outcome };
    }
    // Checked as stored: a reference's value is kept in its storable form, so a candidate's is compared the same way.
    const value = storableValue(outcome.value);
    record.got = boundedGot(value);
    if (this.request.keepValues) record.value = value;
    if (test.expected !== undefined) {
      const result = check(this.request.checker, test.expected, value);
      record.checked = true;
      if (!result.ok) {
        record.verdict = "WA";
        record.diff = result.diff;
      } else if (this.request.workBound) {
        const overWork = checkWorkBound(this.request.workBound, test.expected, this.gateway.forwardSpans);
        if (overWork) {
          record.verdict = "WA";
          record.diff = overWork;
        }
      }
    }
    return { record, boxDead };
  }

  private emitRecord(record: TestRecord): void {
    // Everything the worker stores must be storable, whatever the program printed or raised.
    for (const field of ["stdout", "stderr", "error", "diff"] as const) {
      const text = record[field];
      if (typeof text === "string") record[field] = storableText(text);
    }
    this.records.push(record);
    try {
      this.request.onTest?.(record);
    } catch {
      /* a progress listener must not break grading */
    }
  }

  private fillRemaining(from: number, failure: FailureVerdict): void {
    for (let i = from; i < this.request.tests.length; i++) {
      this.emitRecord({
        index: i,
        ...(this.request.tests[i].name ? { name: this.request.tests[i].name } : {}),
        verdict: failure.verdict,
        stages: { inputMs: 0, forwardMs: 0, postMs: 0 },
        wallMs: 0,
        engineCalls: 0,
        tokens: 0,
        stdout: "",
        stderr: "",
        error: failure.error,
        checked: false,
      });
    }
  }

  private internalError(message: string): GradeResult {
    const result = this.finish();
    return { ...result, verdict: "IE", score: 0, internalError: message };
  }

  finish(compileError?: CompileError): GradeResult {
    const common = {
      wallMs: performance.now() - this.startedAt,
      engineCalls: this.gateway.calls,
      tokens: this.gateway.tokens,
      boxStartMs: this.boxStartMs,
      sandbox: assertSandboxAvailable().unsafe ? ("unsafe-local" as const) : ("bubblewrap" as const),
      ...(this.memoryPeakBytes ? { maxMemoryKb: Math.round(this.memoryPeakBytes / 1024) } : {}),
      ...(this.cpuNs ? { cpuMs: this.cpuNs / 1e6 } : {}),
    };
    if (compileError) {
      return { verdict: "CE", score: 0, tests: [], compileError: { ...compileError, message: storableText(compileError.message) }, ...common };
    }
    const { verdict, score } = rollUp(this.records, this.request.tests.map((t) => t.weight ?? 1));
    return { verdict, score, tests: this.records, ...common, ...(this.internalNote ? { internalError: this.internalNote } : {}) };
  }
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * Grades one submission. Throws SandboxUnavailableError when bubblewrap is missing (and the unsafe local
 * mode is off); every other failure on our side comes back as verdict IE with `internalError` set.
 */
export async function gradeInSandbox(request: GradeRequest): Promise<GradeResult> {
  const limits = resolveLimits(request.limits ?? {});
  assertSandboxAvailable();
  let prepared: Prepared;
  if (request.language === "python") {
    if (request.code.length > MAX_CODE_CHARS) {
      return new SubmissionRun(request, limits, { code: "", filename: "" }).finish({ message: `the code is longer than ${MAX_CODE_CHARS} characters` });
    }
    prepared = { code: request.code, filename: "/box/solution.py" };
  } else {
    const out = await transpileForBox(request.language, request.code, request.entry);
    if (!out.ok) return new SubmissionRun(request, limits, { code: "", filename: "" }).finish(out.error);
    prepared = { code: out.code, filename: out.filename };
  }
  const run = new SubmissionRun(request, limits, prepared);
  try {
    return await run.run();
  } catch (error) {
    if (error instanceof SandboxUnavailableError) throw error;
    const result = run.finish();
    return { ...result, verdict: "IE", score: 0, internalError: (error as Error).stack ?? String(error) };
  }
}
