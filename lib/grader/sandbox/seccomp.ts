/**
 * The seccomp filter handed to bubblewrap (`--seccomp FD`): the policy in seccomp-policy.ts (default deny,
 * an allow-list with argument rules) compiled to classic BPF by libseccomp, the maintained compiler every
 * container runtime uses (ADR 0303). It is compiled once per process for the host's own architecture by
 * compile_seccomp.py under Debian's /usr/bin/python3 (package python3-seccomp) and cached.
 *
 * Fails closed: without libseccomp, or when a rule cannot be compiled, no box starts
 * (SeccompUnavailableError, which the box turns into SandboxUnavailableError).
 *
 * @example
 *   const bytes = buildSeccompFilter();   // Buffer of 8-byte `struct sock_filter`s
 *   // child_process.spawn(..., { stdio: [..., "pipe"] }) then write bytes to that fd and end it
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ERRNO, REFUSED_WITH_EPERM, seccompRules } from "./seccomp-policy";
import { sandboxHostSettings } from "./host-settings";

export class SeccompUnavailableError extends Error {
  override name = "SeccompUnavailableError";
}

const PYTHON = "/usr/bin/python3";
const COMPILER = "compile_seccomp.py";

/** Where compile_seccomp.py lives (next to this file in the repository; CLOCKWISE_SECCOMP_COMPILER overrides). */
function compilerPath(): string {
  const candidates = [
    sandboxHostSettings().seccompCompiler,
    path.resolve(process.cwd(), "lib/grader/sandbox", COMPILER),
    typeof __dirname === "string" ? path.resolve(__dirname, COMPILER) : undefined,
  ].filter((c): c is string => !!c);
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new SeccompUnavailableError(`the seccomp compiler ${COMPILER} was not found`);
  return found;
}

/** The policy as the compiler reads it. */
export function seccompPolicyJson(): string {
  return JSON.stringify({ defaultErrno: ERRNO.ENOSYS, rules: seccompRules() });
}

/** Compiles the policy; throws SeccompUnavailableError with the compiler's message when it cannot. */
export function compileSeccompFilter(policyJson = seccompPolicyJson()): Buffer {
  const res = spawnSync(PYTHON, ["-I", compilerPath()], { input: policyJson, maxBuffer: 1 << 20, timeout: 30_000 });
  if (res.error) throw new SeccompUnavailableError(`cannot run ${PYTHON} to compile the seccomp filter: ${res.error.message}`);
  const stderr = res.stderr.toString("utf8").trim();
  if (res.status === 3) {
    throw new SeccompUnavailableError(
      "libseccomp's Python bindings are missing, so the sandbox's system-call filter cannot be built " +
        "(Debian: apt-get install python3-seccomp). Submissions are not graded without it.",
    );
  }
  if (res.status !== 0 || res.stdout.length === 0 || res.stdout.length % 8 !== 0) {
    throw new SeccompUnavailableError(`compiling the seccomp filter failed (exit ${res.status}): ${stderr.slice(0, 500)}`);
  }
  return res.stdout;
}

let cached: Buffer | undefined;

/** The compiled filter for this host, built on first use. */
export function buildSeccompFilter(): Buffer {
  cached ??= compileSeccompFilter();
  return cached;
}

/**
 * Benchmarks only (tests/bench/grader.ts): the former design — allow by default, refuse the dangerous list with
 * EPERM, no argument rules — so the cost of the allow-list can be measured against it in one run.
 */
export function denyListFilterForBenchmarks(): Buffer {
  const rules = REFUSED_WITH_EPERM.map((syscall) => ({ syscall, action: { errno: ERRNO.EPERM } }));
  return compileSeccompFilter(JSON.stringify({ defaultAllow: true, defaultErrno: ERRNO.ENOSYS, rules }));
}

/** Benchmarks only: replaces the filter new boxes get in this process (undefined restores the policy's). */
export function useSeccompFilterForBenchmarks(filter: Buffer | undefined): void {
  cached = filter;
}
