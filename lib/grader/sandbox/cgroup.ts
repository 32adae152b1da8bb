/**
 * Per-box cgroups (v1, the layout of this kind of machine): memory, pids and cpuacct groups under
 * `/sys/fs/cgroup/<controller>/clockwise/<boxId>`. The box's launcher shell writes its own pid into each
 * group's cgroup.procs before exec'ing prlimit → bwrap, so every descendant is accounted from the first
 * instruction. Only root can do this; otherwise the box falls back to rlimits (see box.ts).
 *
 * @example
 *   const groups = BoxCgroups.create("b42", { memoryBytes: 256 << 20, pids: 32 });
 *   // spawn the launcher with groups.procsFiles …
 *   groups.stats();          // { oomKilled, memoryPeakBytes, cpuNs, pidsLimitHit }
 *   await groups.destroy();  // SIGKILL whatever is left, then rmdir
 */
import fs from "node:fs";
import path from "node:path";

const CGROUP_ROOT = "/sys/fs/cgroup";
const PARENT = "clockwise";

export interface CgroupStats {
  /** The kernel OOM-killed a process of the box (memory.oom_control oom_kill, or failcnt with a death). */
  oomKilled: boolean;
  memoryFailcnt: number;
  memoryPeakBytes: number;
  /** Total CPU time of the box so far (cpuacct.usage), nanoseconds. */
  cpuNs: number;
  /** A fork or clone was refused by pids.max. */
  pidsLimitHit: boolean;
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

/** True when per-box cgroups can be used: root, and writable v1 memory + pids + cpuacct hierarchies. */
export function cgroupsAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  for (const controller of ["memory", "pids", "cpuacct"]) {
    const dir = path.join(CGROUP_ROOT, controller);
    try {
      if (!fs.existsSync(path.join(dir, "cgroup.procs"))) return false;
      fs.mkdirSync(path.join(dir, PARENT), { recursive: true });
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Removes box cgroups left behind by a worker that exited without cleaning up (its boxes died with it
 * through --die-with-parent, but the empty groups stay). Only empty groups older than a minute are
 * touched: a group is empty only for the few ms between its creation and the launcher joining it, so
 * boxes of other workers on the same machine are safe. Box ids start with their creation time in base 36.
 */
export function sweepStaleCgroups(now = Date.now()): string[] {
  const removed: string[] = [];
  for (const controller of ["memory", "pids", "cpuacct"]) {
    const parent = path.join(CGROUP_ROOT, controller, PARENT);
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
        removed.push(`${controller}/${id}`);
      } catch {
        /* busy or already gone */
      }
    }
  }
  return removed;
}

export class BoxCgroups {
  private constructor(
    readonly memoryDir: string,
    readonly pidsDir: string,
    readonly cpuacctDir: string,
  ) {}

  static create(boxId: string, limits: { memoryBytes: number; pids: number }): BoxCgroups {
    if (!/^[A-Za-z0-9_-]+$/.test(boxId)) throw new Error(`invalid box id ${boxId}`);
    const dir = (controller: string) => path.join(CGROUP_ROOT, controller, PARENT, boxId);
    const groups = new BoxCgroups(dir("memory"), dir("pids"), dir("cpuacct"));
    try {
      for (const d of [groups.memoryDir, groups.pidsDir, groups.cpuacctDir]) fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(groups.memoryDir, "memory.swappiness"), "0");
      groups.setLimits(limits);
    } catch (error) {
      groups.removeDirs();
      throw error;
    }
    return groups;
  }

  /** Sets memory (and memory+swap, so the box cannot page out instead of hitting MLE) and pids limits. */
  setLimits(limits: { memoryBytes: number; pids: number }): void {
    const memory = path.join(this.memoryDir, "memory.limit_in_bytes");
    const memsw = path.join(this.memoryDir, "memory.memsw.limit_in_bytes");
    const hasMemsw = fs.existsSync(memsw);
    // memsw must stay >= the memory limit at every step, so the order depends on the direction.
    const current = readNumber(memory);
    if (hasMemsw && limits.memoryBytes > current) fs.writeFileSync(memsw, String(limits.memoryBytes));
    fs.writeFileSync(memory, String(limits.memoryBytes));
    if (hasMemsw) fs.writeFileSync(memsw, String(limits.memoryBytes));
    fs.writeFileSync(path.join(this.pidsDir, "pids.max"), String(limits.pids));
  }

  /** The files the launcher appends its pid to. */
  get procsFiles(): string[] {
    return [this.memoryDir, this.pidsDir, this.cpuacctDir].map((d) => path.join(d, "cgroup.procs"));
  }

  stats(): CgroupStats {
    const failcnt = readNumber(path.join(this.memoryDir, "memory.failcnt"));
    return {
      oomKilled: readKeyed(path.join(this.memoryDir, "memory.oom_control"), "oom_kill") > 0,
      memoryFailcnt: failcnt,
      memoryPeakBytes: readNumber(path.join(this.memoryDir, "memory.max_usage_in_bytes")),
      cpuNs: readNumber(path.join(this.cpuacctDir, "cpuacct.usage")),
      pidsLimitHit: readKeyed(path.join(this.pidsDir, "pids.events"), "max") > 0,
    };
  }

  /** Pids still inside the box (any controller; they all hold the same processes). */
  pids(): number[] {
    try {
      return fs
        .readFileSync(path.join(this.pidsDir, "cgroup.procs"), "utf8")
        .split("\n")
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  }

  /** SIGKILLs every process left in the box until the group is empty, then removes the groups. */
  async destroy(): Promise<void> {
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
    for (const d of [this.memoryDir, this.pidsDir, this.cpuacctDir]) {
      try {
        fs.rmdirSync(d);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") allGone = false;
      }
    }
    return allGone;
  }
}
