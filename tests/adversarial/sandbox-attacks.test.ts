/**
 * Every hostile program in tests/adversarial/{python,javascript} runs through the real sandbox and must get
 * one of the verdicts its first line allows, without leaking the host's secrets. Afterwards the host is
 * still healthy: a correct solution is accepted, no box process or cgroup is left, nothing reached the
 * host's TCP server.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { gradeInSandbox } from "@/lib/grader/run-tests";
import { boxRegistry, boxUidRange } from "@/lib/grader/sandbox/box";
import type { EngineLike, GradeResult } from "@/lib/grader/types";
import type { EngineHost } from "@/lib/grader/engine-host/host";
import { closeRealEngine, realEngineHost, semanticVector } from "../grader/support/real-engine";
import { loadHostilePrograms } from "./support/hostile-programs";

const CANARIES = {
  DATABASE_URL: "postgres://clockwise:leak-canary-db-7f3a9@127.0.0.1:5432/clockwise",
  BETTER_AUTH_SECRET: "leak-canary-auth-91c2e",
  CLOCKWISE_FAKE_TOKEN: "leak-canary-token-55ab0",
};
const SUITE_LIMITS = { timeMsPerTest: 2_000, timeMsTotal: 10_000, memoryMb: 128, outputKb: 64, boxRestarts: 0 };

const PROGRAMS = [...loadHostilePrograms("python"), ...loadHostilePrograms("javascript")];
let engine: EngineLike;
let host: EngineHost | undefined;
let server: net.Server;
let serverConnections = 0;
let port = 0;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const [k, v] of Object.entries(CANARIES)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  server = net.createServer((socket) => {
    serverConnections += 1;
    socket.end("secret-from-host-server\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
  // As the grader worker meets it: the engine in an engine host thread, one queue per submission.
  host = await realEngineHost();
  engine = host;
}, 120_000);

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await new Promise((r) => server.close(r));
  await host?.close();
  await closeRealEngine();
});

function assertNoLeak(result: GradeResult): void {
  const everything = JSON.stringify(result);
  for (const secret of [...Object.values(CANARIES), "secret-from-host-server"]) expect(everything).not.toContain(secret);
  expect(everything).not.toContain("/work/main");
}

test("the suite has at least 30 hostile programs across Python and JavaScript", () => {
  expect(PROGRAMS.length).toBeGreaterThanOrEqual(30);
  expect(PROGRAMS.some((p) => p.language === "python")).toBe(true);
  expect(PROGRAMS.some((p) => p.language === "javascript")).toBe(true);
});

describe.each(PROGRAMS)("$name", (program) => {
  test(`gets ${program.expect.join(" or ")} and leaks nothing`, async () => {
    const result = await gradeInSandbox({
      language: program.language,
      code: program.code,
      entry: "solve",
      tests: [{ args: [{ port, secretNames: Object.keys(CANARIES) }], expected: "blocked" }],
      checker: { type: "exact" },
      limits: SUITE_LIMITS,
      engine,
    });
    const detail = JSON.stringify({ verdict: result.verdict, test: result.tests[0], compileError: result.compileError, internalError: result.internalError }).slice(0, 1500);
    // On failure this shows the allowed verdicts next to the actual one and its test record.
    const allowed = program.expect.includes(result.verdict) ? result.verdict : program.expect.join("|");
    expect({ verdict: result.verdict, detail }).toEqual({ verdict: allowed, detail });
    assertNoLeak(result);
    expect(boxRegistry().live).toEqual([]);
  }, 30_000);
});

describe("after the attacks", () => {
  test("no program reached the host's TCP server", () => {
    expect(serverConnections).toBe(0);
  });

  test("no box process or cgroup is left behind", () => {
    const { started, live } = boxRegistry();
    expect(started.length).toBeGreaterThanOrEqual(PROGRAMS.length - 4); // CE programs never start a JS box
    expect(live).toEqual([]);
    for (const controller of ["memory", "pids", "cpuacct"]) {
      for (const id of started) expect(fs.existsSync(path.join("/sys/fs/cgroup", controller, "clockwise", id))).toBe(false);
    }
    // Box processes run as host uids of this worker's block (bwrap is started through setpriv); any such
    // process still tied to one of this file's boxes, or running a box interpreter, would be a leak.
    const [first, last] = boxUidRange();
    const pids = execFileSync("ps", ["-eo", "pid=,uid="], { encoding: "utf8" })
      .split("\n")
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter(([, uid]) => uid >= first && uid <= last)
      .map(([pid]) => String(pid));
    const ours = pids.filter((pid) => {
      try {
        const cgroups = fs.readFileSync(`/proc/${pid}/cgroup`, "utf8");
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return started.some((id) => cgroups.includes(id)) || /sleep\x003600/.test(cmdline);
      } catch {
        return false;
      }
    });
    expect(ours).toEqual([]);
  });

  test("a correct solution is still accepted", async () => {
    const code = fs.readFileSync(path.join(__dirname, "../grader/solutions/semantic-vector/correct.py"), "utf8");
    const text = "我喜欢机器学习";
    const result = await gradeInSandbox({
      language: "python",
      code,
      entry: "llm_inference",
      tests: [{ args: [text], expected: await semanticVector(engine, text) }],
      checker: { type: "cosine", minSimilarity: 0.999, normTolerance: 1e-3 },
      engine,
    });
    expect(result.verdict).toBe("AC");
  });
});
