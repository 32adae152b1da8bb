/**
 * The sandbox's second line of defence (issue 15), on the real sandbox: results cannot be sent before their
 * test, CPU is limited for the whole box (not per process) and by a quota, and the per-box cgroup carries
 * the CPU quota.
 */
import fs from "node:fs";
import path from "node:path";
import { gradeInSandbox } from "@/lib/grader/run-tests";
import { Box, boxLauncher } from "@/lib/grader/sandbox/box";
import { cgroupSupport } from "@/lib/grader/sandbox/cgroup";
import { resolveLimits } from "@/lib/grader/limits";
import type { EngineLike, GradeRequest } from "@/lib/grader/types";
import { closeRealEngine, realEngine } from "./support/real-engine";

let engine: EngineLike;
beforeAll(async () => {
  engine = await realEngine();
}, 120_000);
afterAll(() => closeRealEngine());

const grade = (request: Omit<GradeRequest, "engine" | "checker">) => gradeInSandbox({ checker: { type: "exact" }, engine, ...request });
const withCgroups = cgroupSupport().version !== null;

test.each([
  [
    "python",
    `
import sys
def solve(x, engine):
    if x == 0:
        # Right after the harness sends test 0's result, answer test 1 before the host has sent it.
        harness = sys.modules["__main__"]
        original = harness.send
        def send_then_forge(message):
            original(message)
            if message.get("type") == "result" and message.get("index") == 0:
                original({"type": "result", "index": 1, "value": "ok"})
        harness.send = send_then_forge
        return "ok"
    return "wrong"
`,
  ],
  [
    "javascript",
    `
const fs = require("fs");
function frame(message) {
  const body = Buffer.from(JSON.stringify(message));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}
async function solve(x, engine) {
  if (x === 0) {
    setTimeout(() => fs.writeSync(3, frame({ type: "result", index: 1, value: "ok" })), 2);
    return "ok";
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // the forged frame is long there by now
  return "wrong";
}
`,
  ],
] as const)("%s: a result written before its test was sent is refused, never accepted later", async (language, code) => {
  const result = await grade({ language, code, entry: "solve", tests: [{ args: [0], expected: "ok" }, { args: [1], expected: "ok" }], limits: { boxRestarts: 0 } });
  // Test 0 is answered honestly; the frame queued for test 1 breaks the protocol (RE) instead of answering it.
  expect(result.tests[0].verdict).toBe("AC");
  expect(result.tests[1].verdict).toBe("RE");
  expect(result.tests[1].error).toMatch(/protocol/);
});

(withCgroups ? test : test.skip)("CPU time counts every process of the box together: forked spinners get TLE, not one budget each", async () => {
  const code = `
import os, time
def solve(x, engine):
    children = []
    for _ in range(3):
        pid = os.fork()
        if pid == 0:
            while True:
                pass
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)   # each child alone stays under RLIMIT_CPU for a long while
    return "done"
`;
  const result = await grade({
    language: "python",
    code,
    entry: "solve",
    tests: [{ args: [0], expected: "done" }],
    limits: { cpuSeconds: 1, cpuPercent: 300, timeMsPerTest: 20_000, timeMsTotal: 30_000, boxRestarts: 0 },
  });
  expect(result.verdict).toBe("TLE");
  expect(result.tests[0].error).toMatch(/CPU time limit exceeded \(1 s for the submission, all processes together\)/);
}, 60_000);

(withCgroups ? test : test.skip)("each box gets a CPU quota in its cgroup (100 % = one core by default)", async () => {
  const limits = resolveLimits({ cpuPercent: 150 });
  const box = await Box.start({ language: "python", limits });
  try {
    const support = cgroupSupport();
    expect(support.enforced).toEqual(expect.arrayContaining(["memory", "pids", "cpu-time", "cpu-quota"]));
    const quotaFile =
      support.version === 2
        ? path.join(support.root, "clockwise", box.id, "cpu.max")
        : path.join(support.root, "cpu", "clockwise", box.id, "cpu.cfs_quota_us");
    const quota = fs.readFileSync(quotaFile, "utf8").trim();
    expect(quota).toBe(support.version === 2 ? "150000 100000" : "150000");
    box.relimit(resolveLimits({ cpuPercent: 50 }));
    expect(fs.readFileSync(quotaFile, "utf8").trim()).toBe(support.version === 2 ? "50000 100000" : "50000");
    expect(resolveLimits().cpuPercent).toBe(100);
  } finally {
    await box.destroy();
  }
});

test("the box launcher closes every descriptor the worker leaked to it, keeping stdio, the channel and the seccomp pipe", () => {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const os = require("node:os") as typeof import("node:os");
  const leaked = fs.openSync(path.join(os.tmpdir(), `clockwise-leak-${process.pid}`), "w");
  try {
    // Extra stdio entries are inherited without close-on-exec: the child sees them as fds 5 and 6.
    const [, ...argv] = boxLauncher([], ["/bin/ls", "/proc/self/fd"]);
    const res = spawnSync("/bin/bash", argv, { stdio: ["ignore", "pipe", "pipe", "pipe", "pipe", leaked, leaked], encoding: "utf8" });
    expect(res.status).toBe(0);
    const fds = res.stdout.split("\n").filter(Boolean).map(Number).sort((a, b) => a - b);
    // 5 is ls's own handle on /proc/self/fd (the lowest free number once the leaked 5 and 6 are closed).
    expect(fds).toEqual([0, 1, 2, 3, 4, 5]);
  } finally {
    fs.closeSync(leaked);
    fs.rmSync(path.join(os.tmpdir(), `clockwise-leak-${process.pid}`), { force: true });
  }
});

test("the worker says which limits its boxes really get (log, heartbeat, /api/health)", () => {
  const { sandboxEnforcement } = require("@/lib/grader/sandbox/enforcement") as typeof import("@/lib/grader/sandbox/enforcement");
  const enforcement = sandboxEnforcement();
  expect(enforcement.enforced).toEqual(expect.arrayContaining(["seccomp-allow-list", "namespaces", "read-only-root"]));
  if (withCgroups) {
    expect(["v1", "v2"]).toContain(enforcement.cgroups);
    expect(enforcement.enforced).toEqual(expect.arrayContaining(["memory", "pids", "cpu-time"]));
  } else {
    expect(enforcement.cgroups).toBe("none");
    expect(enforcement.missing.join("\n")).toMatch(/rlimits per process only/);
  }
});
