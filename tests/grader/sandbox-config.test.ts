/** Limits configuration, the frame codec, the seccomp program, verdict roll-up and stage arithmetic. */
import { buildSeccompFilter, DENIED_SYSCALLS, seccompProgram } from "@/lib/grader/sandbox/seccomp";
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
  test("checks the architecture first, then refuses every denied call with EPERM and allows the rest", () => {
    const program = seccompProgram();
    expect(program[0]).toEqual({ code: 0x20, jt: 0, jf: 0, k: 4 }); // load arch
    expect(program[1].k).toBe(0xc000003e); // AUDIT_ARCH_X86_64
    expect(program[2].k).toBe(0x80000000); // else kill
    const eperm = program.length - 1;
    expect(program[eperm]).toEqual({ code: 0x06, jt: 0, jf: 0, k: 0x00050001 });
    expect(program[eperm - 1].k).toBe(0x7fff0000); // allow
    // Every deny-list jump lands on the EPERM return.
    program.forEach((ins, i) => {
      if (ins.code === 0x15 && i > 1) expect(i + 1 + ins.jt).toBe(eperm);
    });
    for (const name of ["ptrace", "mount", "bpf", "unshare", "setns", "keyctl", "io_uring_setup", "kexec_load", "personality"]) {
      expect(DENIED_SYSCALLS[name]).toBeDefined();
    }
  });

  test("serialises as 8-byte little-endian struct sock_filter entries", () => {
    const bytes = buildSeccompFilter();
    expect(bytes.length).toBe(seccompProgram().length * 8);
    expect(bytes.readUInt16LE(0)).toBe(0x20);
    expect(bytes.readUInt32LE(12)).toBe(0xc000003e);
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
