/**
 * The sandbox's host settings, handed over by the process that runs boxes (the grader worker, the grade CLI) from
 * lib/config's loadConfig() — the grader core reads no environment (docs/adr/0004-configuration.md). Held on
 * globalThis so every copy of this module in a process sees the same section. A process that configures nothing
 * gets the defaults: bubblewrap found on the usual paths, no unsafe mode, the harness and seccomp compiler from the
 * checkout, cgroups under /sys/fs/cgroup.
 *
 * @example
 *   configureSandboxHost(loadConfig().sandbox);
 *   sandboxHostSettings().cgroupRoot // → "/sys/fs/cgroup"
 */
export interface SandboxHostSettings {
  /** CLOCKWISE_BWRAP: the bubblewrap binary; "" means "there is none" (tests), unset means "look for it". */
  bwrap?: string;
  /** CLOCKWISE_UNSAFE_LOCAL_SANDBOX=1: grade without bubblewrap (development machines only). */
  unsafeLocal: boolean;
  /** CLOCKWISE_HARNESS_DIR: where the harness sources are, when not in the checkout. */
  harnessDir?: string;
  /** CLOCKWISE_SECCOMP_COMPILER: compile_seccomp.py, when not in the checkout. */
  seccompCompiler?: string;
  /** CLOCKWISE_CGROUP_ROOT: where per-box cgroups are made. */
  cgroupRoot: string;
}

export const DEFAULT_SANDBOX_HOST: SandboxHostSettings = { unsafeLocal: false, cgroupRoot: "/sys/fs/cgroup" };

const KEY = Symbol.for("clockwise.grader.sandboxHost");
type Holder = { [KEY]?: SandboxHostSettings };

export function configureSandboxHost(settings: SandboxHostSettings): void {
  (globalThis as Holder)[KEY] = { ...settings };
}

export function sandboxHostSettings(): SandboxHostSettings {
  return (globalThis as Holder)[KEY] ?? DEFAULT_SANDBOX_HOST;
}
