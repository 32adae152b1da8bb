/**
 * Per-box cgroups, cgroup v1 or v2, chosen once at start-up (ADR 0303):
 *  - v1 (this kind of machine): memory, pids, cpuacct and cpu groups under
 *    `/sys/fs/cgroup/<controller>/clockwise/<boxId>`;
 *  - v2 (the unified hierarchy of current Debian, Ubuntu and most containers): one group
 *    `/sys/fs/cgroup/clockwise/<boxId>` with memory.max, memory.swap.max, pids.max and cpu.max.
 * The box's launcher shell writes its own pid into each group's cgroup.procs before exec'ing prlimit → bwrap,
 * so every descendant is accounted from the first instruction. Only root can do this; otherwise the box
 * falls back to rlimits (see box.ts), and `cgroupSupport()` says so for the log and /api/health.
 *
 * @example
 *   const groups = BoxCgroups.create("b42", { memoryBytes: 256 << 20, pids: 32, cpuPercent: 100 });
 *   // spawn the launcher with groups.procsFiles …
 *   groups.stats();          // { oomKilled, memoryPeakBytes, cpuNs, pidsLimitHit, … }
 *   await groups.destroy();  // SIGKILL whatever is left, then rmdir
 */
import fs from "node:fs";
import path from "node:path";
import { sandboxHostSettings } from "./host-settings";

const PARENT = "clockwise";
/** cpu.cfs_period_us / cpu.max period: 100 ms, the kernel's default. */
export const CPU_PERIOD_US = 100_000;

export interface CgroupStats {
  /** The kernel OOM-killed a process of the box (memory.oom_control / memory.events oom_kill). */
  oomKilled: boolean;
  memoryFailcnt: number;
  memoryPeakBytes: number;
  /** Total CPU time of the box so far, nanoseconds. */
  cpuNs: number;
  /** A fork or clone was refused by pids.max. */
  pidsLimitHit: boolean;
  /** Periods in which the CPU quota throttled the box. */
  cpuThrottled: number;
}

export interface BoxCgroupLimits {
  memoryBytes: number;
  pids: number;
  /** CPU quota in percent of one core (100 = one core). */
  cpuPercent: number;
}

export type CgroupVersion = 1 | 2;

/** What this process can enforce with cgroups; logged at start-up and shown by /api/health. */
export interface CgroupSupport {
  version: CgroupVersion | null;
  root: string;
  /** Limits enforced by the kernel for the whole box. */
  enforced: string[];
  /** Why cgroups are not used, when they are not. */
  reason?: string;
}

function readNumber(file: string): number {
  try {
    return Number(fs.readFileSync(file, "utf8").trim()) || 0;
  } catch {
    return 0;
  }
}

function readKeyed(file: string, key: string): number {
  try {
    const line = fs.readFileSync(file, "utf8").split("\n").find((l) => l.startsWith(key + " "));
    return line ? Number(line.split(" ")[1]) || 0 : 0;
  } catch {
    return 0;
  }
}

function cgroupRoot(): string {
  return sandboxHostSettings().cgroupRoot;
}

const V1_REQUIRED = ["memory", "pids", "cpuacct"] as const;

/** Detects the hierarchy under `root` and prepares the `clockwise` parent group. Never throws. */
export function detectCgroups(root = cgroupRoot(), isRoot = process.getuid?.() === 0): CgroupSupport {
  if (!isRoot) return { version: null, root, enforced: [], reason: "not running as root (rlimits only)" };
  try {
    if (fs.existsSync(path.join(root, "cgroup.controllers"))) {
      const available = fs.readFileSync(path.join(root, "cgroup.controllers"), "utf8").trim().split(/\s+/);
      const wanted = ["memory", "pids", "cpu"].filter((c) => available.includes(c));
      if (!wanted.includes("memory") || !wanted.includes("pids")) {
        return { version: null, root, enforced: [], reason: `cgroup v2 without the memory and pids controllers (has: ${available.join(" ")})` };
      }
      const parent = path.join(root, PARENT);
      fs.mkdirSync(parent, { recursive: true });
      // Controllers must be enabled top-down; the root group is exempt from "no internal processes".
      for (const dir of [root, parent]) {
        const control = path.join(dir, "cgroup.subtree_control");
        const enabled = fs.existsSync(control) ? fs.readFileSync(control, "utf8") : "";
        const missing = wanted.filter((c) => !enabled.split(/\s+/).includes(c));
        if (missing.length) fs.writeFileSync(control, missing.map((c) => `+${c}`).join(" "));
      }
      const enforced = ["memory", "pids", "cpu-time"];
      if (wanted.includes("cpu")) enforced.push("cpu-quota");
      return { version: 2, root, enforced };
    }
    for (const controller of V1_REQUIRED) {
      const dir = path.join(/*turbopackIgnore: true*/ root, controller); // a cgroup path, not a project file (Next tracing)
      if (!fs.existsSync(path.join(dir, "cgroup.procs"))) {
        return { version: null, root, enforced: [], reason: `cgroup v1 without a writable ${controller} controller` };
      }
      fs.mkdirSync(path.join(dir, PARENT), { recursive: true });
    }
    const enforced = ["memory", "pids", "cpu-time"];
    if (fs.existsSync(path.join(root, "cpu", "cpu.cfs_quota_us"))) {
      fs.mkdirSync(path.join(root, "cpu", PARENT), { recursive: true });
      enforced.push("cpu-quota");
    }
    return { version: 1, root, enforced };
  } catch (error) {
    return { version: null, root, enforced: [], reason: `cannot create the clockwise cgroups: ${(error as Error).message}` };
  }
}

let support: CgroupSupport | undefined;

/** The detection result for this process (computed once). */
export function cgroupSupport(): CgroupSupport {
  support ??= detectCgroups();
  return support;
}

/** True when per-box cgroups can be used. */
export function cgroupsAvailable(): boolean {
  return cgroupSupport().version !== null;
}

/** Group directories of a box id, per hierarchy. */
function groupDirs(s: CgroupSupport, boxId: string): string[] {
  if (s.version === 2) return [path.join(s.root, PARENT, boxId)];
  const controllers: string[] = [...V1_REQUIRED];
  if (s.enforced.includes("cpu-quota")) controllers.push("cpu");
  return controllers.map((c) => path.join(s.root, c, PARENT, boxId));
}

/**
 * Removes box cgroups left behind by a worker that exited without cleaning up (its boxes died with it
 * through --die-with-parent, but the empty groups stay). Only empty groups older than a minute are
 * touched: a group is empty only for the few ms between its creation and the launcher joining it, so
 * boxes of other workers on the same machine are safe. Box ids start with their creation time in base 36.
 */
export function sweepStaleCgroups(now = Date.now(), s: CgroupSupport = cgroupSupport()): string[] {
  const removed: string[] = [];
  const parents: [label: string, dir: string][] =
    s.version === 2 ? [["", path.join(s.root, PARENT)]] : ["memory", "pids", "cpuacct", "cpu"].map((c) => [`${c}/`, path.join(s.root, c, PARENT)]);
  for (const [label, parent] of parents) {
    let entries: string[];
    try {
      entries = fs.readdirSync(parent, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      continue;
    }
    for (const id of entries) {
      const created = parseInt(id.split("-")[0], 36);
      if (!Number.isFinite(created) || now - created < 60_000) continue;
      try {
        if (fs.readFileSync(path.join(parent, id, "cgroup.procs"), "utf8").trim() !== "") continue;
        fs.rmdirSync(path.join(parent, id));
        removed.push(`${label}${id}`);
      } catch {
        /* busy or already gone */
      }
    }
  }
  return removed;
}

export class BoxCgroups {
  private constructor(
    private readonly support: CgroupSupport,
    readonly dirs: string[],
  ) {}

  static create(boxId: string, limits: BoxCgroupLimits, s: CgroupSupport = cgroupSupport()): BoxCgroups {
    if (!/^[A-Za-z0-9_-]+$/.test(boxId)) throw new Error(`invalid box id ${boxId}`);
    if (s.version === null) throw new Error(`cgroups are not available: ${s.reason}`);
    const groups = new BoxCgroups(s, groupDirs(s, boxId));
    try {
      for (const d of groups.dirs) fs.mkdirSync(d, { recursive: true });
      if (s.version === 1) fs.writeFileSync(path.join(groups.dir("memory"), "memory.swappiness"), "0");
      else if (fs.existsSync(path.join(groups.dirs[0], "memory.swap.max"))) fs.writeFileSync(path.join(groups.dirs[0], "memory.swap.max"), "0");
      groups.setLimits(limits);
    } catch (error) {
      groups.removeDirs();
      throw error;
    }
    return groups;
  }

  get version(): CgroupVersion {
    return this.support.version as CgroupVersion;
  }

  /** The v1 group of a controller (v2: the one group). */
  private dir(controller: string): string {
    if (this.support.version === 2) return this.dirs[0];
    return this.dirs.find((d) => path.basename(path.dirname(path.dirname(d))) === controller) ?? "";
  }

  /** Sets memory (without swap, so the box cannot page out instead of hitting MLE), pids and CPU quota. */
  setLimits(limits: BoxCgroupLimits): void {
    const quota = Math.max(1_000, Math.round((CPU_PERIOD_US * limits.cpuPercent) / 100));
    if (this.support.version === 2) {
      const dir = this.dirs[0];
      fs.writeFileSync(path.join(dir, "memory.max"), String(limits.memoryBytes));
      fs.writeFileSync(path.join(dir, "pids.max"), String(limits.pids));
      if (this.support.enforced.includes("cpu-quota")) fs.writeFileSync(path.join(dir, "cpu.max"), `${quota} ${CPU_PERIOD_US}`);
      return;
    }
    const memoryDir = this.dir("memory");
    const memory = path.join(memoryDir, "memory.limit_in_bytes");
    const memsw = path.join(memoryDir, "memory.memsw.limit_in_bytes");
    const hasMemsw = fs.existsSync(memsw);
    // memsw must stay >= the memory limit at every step, so the order depends on the direction.
    const current = readNumber(memory);
    if (hasMemsw && limits.memoryBytes > current) fs.writeFileSync(memsw, String(limits.memoryBytes));
    fs.writeFileSync(memory, String(limits.memoryBytes));
    if (hasMemsw) fs.writeFileSync(memsw, String(limits.memoryBytes));
    fs.writeFileSync(path.join(this.dir("pids"), "pids.max"), String(limits.pids));
    if (this.support.enforced.includes("cpu-quota")) {
      const cpuDir = this.dir("cpu");
      fs.writeFileSync(path.join(cpuDir, "cpu.cfs_period_us"), String(CPU_PERIOD_US));
      fs.writeFileSync(path.join(cpuDir, "cpu.cfs_quota_us"), String(quota));
    }
  }

  /** The files the launcher appends its pid to. */
  get procsFiles(): string[] {
    return this.dirs.map((d) => path.join(d, "cgroup.procs"));
  }

  stats(): CgroupStats {
    if (this.support.version === 2) {
      const dir = this.dirs[0];
      return {
        oomKilled: readKeyed(path.join(dir, "memory.events"), "oom_kill") > 0,
        memoryFailcnt: readKeyed(path.join(dir, "memory.events"), "max"),
        memoryPeakBytes: readNumber(path.join(dir, "memory.peak")),
        cpuNs: readKeyed(path.join(dir, "cpu.stat"), "usage_usec") * 1_000,
        pidsLimitHit: readKeyed(path.join(dir, "pids.events"), "max") > 0,
        cpuThrottled: readKeyed(path.join(dir, "cpu.stat"), "nr_throttled"),
      };
    }
    const memoryDir = this.dir("memory");
    const cpuDir = this.dir("cpu");
    return {
      oomKilled: readKeyed(path.join(memoryDir, "memory.oom_control"), "oom_kill") > 0,
      memoryFailcnt: readNumber(path.join(memoryDir, "memory.failcnt")),
      memoryPeakBytes: readNumber(path.join(memoryDir, "memory.max_usage_in_bytes")),
      cpuNs: readNumber(path.join(this.dir("cpuacct"), "cpuacct.usage")),
      pidsLimitHit: readKeyed(path.join(this.dir("pids"), "pids.events"), "max") > 0,
      cpuThrottled: cpuDir ? readKeyed(path.join(cpuDir, "cpu.stat"), "nr_throttled") : 0,
    };
  }

  /** Pids still inside the box (any controller; they all hold the same processes). */
  pids(): number[] {
    const dir = this.support.version === 2 ? this.dirs[0] : this.dir("pids");
    try {
      return fs
        .readFileSync(path.join(dir, "cgroup.procs"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  }

  /** SIGKILLs every process left in the box until the group is empty, then removes the groups. */
  async destroy(): Promise<void> {
    if (this.support.version === 2) {
      try {
        fs.writeFileSync(path.join(this.dirs[0], "cgroup.kill"), "1"); // Linux 5.14+: kills the whole group at once
      } catch {
        /* older kernel: the loop below */
      }
    }
    for (let round = 0; round < 50; round++) {
      const left = this.pids();
      if (left.length === 0) break;
      for (const pid of left) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    // rmdir fails with EBUSY for a moment after the last process is reaped; retry briefly.
    for (let round = 0; round < 50; round++) {
      if (this.removeDirs()) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private removeDirs(): boolean {
    let allGone = true;
    for (const d of this.dirs) {
      try {
        fs.rmdirSync(d);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") allGone = false;
      }
    }
    return allGone;
  }
}
