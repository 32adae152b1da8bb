/** Limits configuration, the frame codec, the seccomp program, verdict roll-up and stage arithmetic. */
import { buildSeccompFilter, compileSeccompFilter, SeccompUnavailableError } from "@/lib/grader/sandbox/seccomp";
import { ALLOWED_IOCTLS, ALLOWED_SYSCALLS, AF_UNIX, CLONE_NAMESPACE_FLAGS, ERRNO, REFUSED_WITH_EPERM, seccompRules } from "@/lib/grader/sandbox/seccomp-policy";
import { encodeFrame, FrameFormatError, FrameReader, FrameTooLargeError } from "@/lib/grader/sandbox/frames";
import { configuredLimits, LimitConfigError, LIMIT_SPECS, resolveLimits } from "@/lib/grader/limits";
import { rollUp } from "@/lib/grader/verdicts";
import { stageTimes } from "@/lib/grader/run-tests";

describe("limits", () => {
  test("every limit documents itself and its default lies within [min, max]", () => {
    for (const spec of Object.values(LIMIT_SPECS)) {
      expect(spec.description.length).toBeGreaterThan(10);
      expect(spec.default).toBeGreaterThanOrEqual(spec.min);
      expect(spec.default).toBeLessThanOrEqual(spec.max);
    }
  });

  test("a question may lower a limit or raise it up to the maximum, never past it", () => {
    const env = {};
    expect(resolveLimits({ timeMsPerTest: 500 }, env).timeMsPerTest).toBe(500);
    expect(resolveLimits({ timeMsPerTest: 5_000 }, env).timeMsPerTest).toBe(5_000);
    expect(resolveLimits({ timeMsPerTest: 10_000_000 }, env).timeMsPerTest).toBe(LIMIT_SPECS.timeMsPerTest.max);
    expect(resolveLimits({ memoryMb: 1 }, env).memoryMb).toBe(LIMIT_SPECS.memoryMb.min);
    expect(resolveLimits({ memoryMb: NaN }, env).memoryMb).toBe(LIMIT_SPECS.memoryMb.default);
  });

  test("env vars set defaults and maxima, and invalid values are refused", () => {
    const env = { CLOCKWISE_MEMORY_MB: "512", CLOCKWISE_MEMORY_MB_MAX: "600" };
    expect(configuredLimits(env).defaults.memoryMb).toBe(512);
    expect(resolveLimits({ memoryMb: 10_000 }, env).memoryMb).toBe(600);
    expect(() => configuredLimits({ CLOCKWISE_MEMORY_MB: "lots" })).toThrow(LimitConfigError);
    expect(() => configuredLimits({ CLOCKWISE_MEMORY_MB: "4096" })).toThrow(/between 32 and 1024/);
    expect(() => configuredLimits({ CLOCKWISE_PIDS_MAX: "2" })).toThrow(/below the minimum/);
  });
});

describe("frames", () => {
  test("round-trips messages split across chunks, with NaN and Infinity and typed arrays", () => {
    const bytes = Buffer.concat([encodeFrame({ a: [1, NaN, -Infinity] }), encodeFrame({ v: new Float32Array([0.5, 2]) })]);
    const reader = new FrameReader(1024);
    const got = [...bytes].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(got.map((f) => f.message)).toEqual([{ a: [1, NaN, -Infinity] }, { v: [0.5, 2] }]);
    expect(got[0].bytes).toBe(encodeFrame({ a: [1, NaN, -Infinity] }).length - 4);
  });

  test("an oversized frame is refused from its header, before the body arrives", () => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(10 * 1024 * 1024);
    expect(() => new FrameReader(1024).push(header)).toThrow(FrameTooLargeError);
  });

  test("a frame that is not JSON is refused", () => {
    const body = Buffer.from("{nope");
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length);
    expect(() => new FrameReader(1024).push(Buffer.concat([header, body]))).toThrow(FrameFormatError);
  });
});

describe("seccomp filter", () => {
  const rules = seccompRules();

  test("is an allow-list: dangerous calls are never allowed, and the calls the bank's solutions make are", () => {
    const allowed = new Set(rules.filter((r) => r.action === "ALLOW" && !r.when).map((r) => r.syscall));
    for (const name of REFUSED_WITH_EPERM) expect(allowed.has(name)).toBe(false);
    for (const name of ["io_uring_setup", "bpf", "ptrace", "kcmp", "pidfd_getfd", "process_madvise", "userfaultfd", "memfd_create", "execveat", "mbind", "clone3", "socket", "socketpair", "ioctl", "clone"]) {
      expect(allowed.has(name)).toBe(false);
    }
    // Measured with strace in the box (ADR 0303): what the references of the bank call.
    for (const name of ["read", "write", "openat", "mmap", "futex", "epoll_pwait", "eventfd2", "rseq", "getrandom", "pkey_alloc", "statx", "prlimit64"]) {
      expect(allowed.has(name)).toBe(true);
    }
  });

  test("socket and socketpair are allowed for AF_UNIX only, clone without namespace flags, ioctl for a fixed list", () => {
    const socketRules = rules.filter((r) => r.syscall === "socket");
    expect(socketRules).toEqual([
      { syscall: "socket", action: "ALLOW", when: [{ arg: 0, op: "EQ", value: AF_UNIX }] },
      { syscall: "socket", action: { errno: ERRNO.EAFNOSUPPORT }, when: [{ arg: 0, op: "NE", value: AF_UNIX }] },
    ]);
    expect(rules.filter((r) => r.syscall === "clone")).toEqual([
      { syscall: "clone", action: "ALLOW", when: [{ arg: 0, op: "MASKED_EQ", mask: CLONE_NAMESPACE_FLAGS, value: 0 }] },
    ]);
    // CLONE_NEWUSER (0x10000000) and CLONE_NEWNET (0x40000000) are inside the mask; thread flags are not.
    expect(CLONE_NAMESPACE_FLAGS & 0x10000000).not.toBe(0);
    expect(CLONE_NAMESPACE_FLAGS & 0x40000000).not.toBe(0);
    expect(CLONE_NAMESPACE_FLAGS & 0x003d0f00).toBe(0); // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|…
    const ioctls = rules.filter((r) => r.syscall === "ioctl").map((r) => r.when?.[0].value);
    expect(ioctls).toEqual(Object.values(ALLOWED_IOCTLS));
  });

  test("compiles with libseccomp to whole 8-byte struct sock_filter entries, the same bytes every time", () => {
    const bytes = compileSeccompFilter();
    expect(bytes.length % 8).toBe(0);
    expect(bytes.length / 8).toBeGreaterThan(ALLOWED_SYSCALLS.length / 2);
    expect(bytes.length / 8).toBeLessThan(4096); // BPF_MAXINSNS
    expect(buildSeccompFilter().equals(bytes)).toBe(true);
    // The first instruction loads the architecture field of struct seccomp_data (offset 4).
    expect(bytes.readUInt16LE(0)).toBe(0x20);
    expect(bytes.readUInt32LE(4)).toBe(4);
  });

  test("fails closed when libseccomp cannot compile the policy", () => {
    const broken = JSON.stringify({ defaultErrno: 38, rules: [{ syscall: "socket", action: "ALLOW", when: [{ arg: 9, op: "EQ", value: 1 }] }] });
    expect(() => compileSeccompFilter(broken)).toThrow(SeccompUnavailableError);
  });
});

describe("verdict roll-up and stages", () => {
  test.each([
    { verdicts: ["AC", "AC"], weights: [1, 1], verdict: "AC", score: 1 },
    { verdicts: ["AC", "WA", "TLE"], weights: [1, 3, 1], verdict: "WA", score: 0.2 },
    { verdicts: ["TLE", "WA"], weights: [1, 1], verdict: "TLE", score: 0 },
    { verdicts: ["AC", "IE", "WA"], weights: [1, 1, 1], verdict: "IE", score: 0.333333 },
  ] as const)("$verdicts → $verdict", ({ verdicts, weights, verdict, score }) => {
    expect(rollUp(verdicts.map((v) => ({ verdict: v })), [...weights])).toEqual({ verdict, score });
  });

  test("stages add up to the wall time; without a forward pass everything is input", () => {
    expect(stageTimes(100, 150, [])).toEqual({ inputMs: 50, forwardMs: 0, postMs: 0 });
    const stages = stageTimes(100, 200, [
      { startedAt: 110, endedAt: 130 },
      { startedAt: 140, endedAt: 150 },
    ]);
    expect(stages).toEqual({ inputMs: 20, forwardMs: 30, postMs: 50 });
  });
});

describe("stale cgroups", () => {
  const fs = require("node:fs") as typeof import("node:fs");
  const { sweepStaleCgroups } = require("@/lib/grader/sandbox/cgroup") as typeof import("@/lib/grader/sandbox/cgroup");
  const root = "/sys/fs/cgroup/pids/clockwise";
  const canUse = process.getuid?.() === 0 && fs.existsSync("/sys/fs/cgroup/pids/cgroup.procs");

  (canUse ? test : test.skip)("empty groups older than a minute are removed, fresh ones are kept", () => {
    fs.mkdirSync(root, { recursive: true });
    const old = `${(Date.now() - 3_600_000).toString(36)}-sweeptest1`;
    const fresh = `${Date.now().toString(36)}-sweeptest2`;
    fs.mkdirSync(`${root}/${old}`);
    fs.mkdirSync(`${root}/${fresh}`);
    try {
      expect(sweepStaleCgroups()).toContain(`pids/${old}`);
      expect(fs.existsSync(`${root}/${old}`)).toBe(false);
      expect(fs.existsSync(`${root}/${fresh}`)).toBe(true);
    } finally {
      for (const id of [old, fresh]) if (fs.existsSync(`${root}/${id}`)) fs.rmdirSync(`${root}/${id}`);
    }
  });
});
