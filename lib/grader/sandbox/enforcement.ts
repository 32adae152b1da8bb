/**
 * Which limits this worker's boxes really get, said once at start-up (log line), in every heartbeat and on
 * /api/health (ADR 0303). As root the kernel enforces memory, pids, CPU time and a CPU quota per box through
 * cgroups (v1 or v2); without cgroups (not root, or no usable hierarchy) only rlimits apply, which are per
 * process: the worker still grades, and says so loudly.
 *
 * @example
 *   sandboxEnforcement()
 *   // → { cgroups: "v1", enforced: ["memory", "pids", "cpu-time", "cpu-quota", "seccomp-allow-list", …], missing: [] }
 */
import os from "node:os";
import { cgroupSupport } from "./cgroup";

export interface SandboxEnforcement {
  cgroups: "v1" | "v2" | "none";
  /** Limits and protections enforced for the whole box. */
  enforced: string[];
  /** What is weaker than designed on this host, in plain words. */
  missing: string[];
  arch: string;
}

const ALWAYS = ["seccomp-allow-list", "namespaces", "read-only-root", "tmpfs-size", "wall-time", "output-size"];
const BY_CGROUPS = ["memory", "pids", "cpu-time", "cpu-quota"];

export function sandboxEnforcement(): SandboxEnforcement {
  const support = cgroupSupport();
  const enforced = [...support.enforced, ...ALWAYS];
  const missing = BY_CGROUPS.filter((limit) => !support.enforced.includes(limit)).map(
    (limit) => `${limit}: ${support.version === null ? `no cgroups (${support.reason}); rlimits per process only` : "controller unavailable"}`,
  );
  if (process.getuid?.() === 0) enforced.push("unprivileged-host-uid");
  return { cgroups: support.version === null ? "none" : support.version === 1 ? "v1" : "v2", enforced, missing, arch: os.arch() };
}
