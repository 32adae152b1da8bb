/**
 * The cgroup backends on fake cgroup trees (a temp directory laid out like /sys/fs/cgroup): which hierarchy is
 * detected, which files a box's limits are written to, how its statistics are read. The v1 backend also runs
 * for real in the sandbox tests on this machine (cgroup v1); v2 cannot be mounted here, so its kernel side
 * is covered only by these file-level tests (ADR 0303).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BoxCgroups, detectCgroups, sweepStaleCgroups } from "@/lib/grader/sandbox/cgroup";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "fake-cgroup-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const read = (...parts: string[]) => fs.readFileSync(path.join(root, ...parts), "utf8").trim();
const write = (value: string, ...parts: string[]) => fs.writeFileSync(path.join(root, ...parts), value);

describe("cgroup v2", () => {
  beforeEach(() => {
    write("cpuset cpu io memory hugetlb pids rdma misc", "cgroup.controllers");
    write("", "cgroup.subtree_control");
  });

  test("is detected from cgroup.controllers; memory, pids and cpu are enabled top-down for the clockwise group", () => {
    const support = detectCgroups(root, true);
    expect(support).toEqual({ version: 2, root, enforced: ["memory", "pids", "cpu-time", "cpu-quota"] });
    expect(read("cgroup.subtree_control")).toBe("+memory +pids +cpu");
    expect(read("clockwise", "cgroup.subtree_control")).toBe("+memory +pids +cpu");
  });

  test("a box's group gets memory.max, memory.swap.max 0, pids.max and cpu.max; relimit rewrites them", () => {
    const support = detectCgroups(root, true);
    fs.mkdirSync(path.join(root, "clockwise", "b1"));
    write("max", "clockwise", "b1", "memory.swap.max");
    const groups = BoxCgroups.create("b1", { memoryBytes: 256 << 20, pids: 32, cpuPercent: 100 }, support);
    expect(groups.procsFiles).toEqual([path.join(root, "clockwise", "b1", "cgroup.procs")]);
    expect(read("clockwise", "b1", "memory.max")).toBe(String(256 << 20));
    expect(read("clockwise", "b1", "memory.swap.max")).toBe("0");
    expect(read("clockwise", "b1", "pids.max")).toBe("32");
    expect(read("clockwise", "b1", "cpu.max")).toBe("100000 100000");
    groups.setLimits({ memoryBytes: 64 << 20, pids: 8, cpuPercent: 50 });
    expect(read("clockwise", "b1", "memory.max")).toBe(String(64 << 20));
    expect(read("clockwise", "b1", "cpu.max")).toBe("50000 100000");
  });

  test("statistics come from memory.events, memory.peak, cpu.stat and pids.events", () => {
    const groups = BoxCgroups.create("b2", { memoryBytes: 1 << 20, pids: 8, cpuPercent: 100 }, detectCgroups(root, true));
    write("low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n", "clockwise", "b2", "memory.events");
    write("7340032\n", "clockwise", "b2", "memory.peak");
    write("usage_usec 1500000\nuser_usec 1400000\nsystem_usec 100000\nnr_periods 20\nnr_throttled 3\nthrottled_usec 9\n", "clockwise", "b2", "cpu.stat");
    write("max 2\n", "clockwise", "b2", "pids.events");
    expect(groups.stats()).toEqual({ oomKilled: true, memoryFailcnt: 4, memoryPeakBytes: 7340032, cpuNs: 1.5e9, pidsLimitHit: true, cpuThrottled: 3 });
  });

  test("without the memory or pids controller no cgroups are used, and the reason says why", () => {
    write("cpuset cpu io", "cgroup.controllers");
    const support = detectCgroups(root, true);
    expect(support.version).toBeNull();
    expect(support.reason).toMatch(/without the memory and pids controllers/);
  });

  test("the sweep leaves a stale group alone while a process is still in it", () => {
    const support = detectCgroups(root, true);
    const old = `${(Date.now() - 3_600_000).toString(36)}-busy`;
    fs.mkdirSync(path.join(root, "clockwise", old));
    write("4242\n", "clockwise", old, "cgroup.procs");
    expect(sweepStaleCgroups(Date.now(), support)).toEqual([]);
    expect(fs.existsSync(path.join(root, "clockwise", old))).toBe(true);
  });
});

describe("cgroup v1", () => {
  beforeEach(() => {
    for (const c of ["memory", "pids", "cpuacct", "cpu"]) {
      fs.mkdirSync(path.join(root, c));
      write("", c, "cgroup.procs");
    }
    write("-1", "cpu", "cpu.cfs_quota_us");
  });

  test("is detected from the per-controller hierarchies, with the cpu quota when the cpu controller exists", () => {
    expect(detectCgroups(root, true)).toEqual({ version: 1, root, enforced: ["memory", "pids", "cpu-time", "cpu-quota"] });
    fs.rmSync(path.join(root, "cpu", "cpu.cfs_quota_us"));
    expect(detectCgroups(root, true).enforced).toEqual(["memory", "pids", "cpu-time"]);
  });

  test("a box gets one group per controller with its limits and the CPU quota", () => {
    const groups = BoxCgroups.create("b3", { memoryBytes: 128 << 20, pids: 16, cpuPercent: 100 }, detectCgroups(root, true));
    expect(groups.procsFiles).toEqual(["memory", "pids", "cpuacct", "cpu"].map((c) => path.join(root, c, "clockwise", "b3", "cgroup.procs")));
    expect(read("memory", "clockwise", "b3", "memory.limit_in_bytes")).toBe(String(128 << 20));
    expect(read("memory", "clockwise", "b3", "memory.swappiness")).toBe("0");
    expect(read("pids", "clockwise", "b3", "pids.max")).toBe("16");
    expect(read("cpu", "clockwise", "b3", "cpu.cfs_period_us")).toBe("100000");
    expect(read("cpu", "clockwise", "b3", "cpu.cfs_quota_us")).toBe("100000");
  });

  test("a process that is not root uses no cgroups and says so", () => {
    expect(detectCgroups(root, false)).toEqual({ version: null, root, enforced: [], reason: "not running as root (rlimits only)" });
  });
});
