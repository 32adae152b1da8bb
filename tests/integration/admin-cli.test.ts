/**
 * `npm run bank -- import|export` as an operator runs it: a child process on the test database.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { disconnectPrisma, getPrisma } from "@/lib/db/client";
import { parseBundleText } from "@/lib/bank/bundle";
import { createUser, runId } from "./admin-support";

const run = promisify(execFile);
const SEED_FILE = "/work/shared/seed/000_4607d0d68e6bde87.txt";
const id = runId();
const prefix = `cli${id}`;
let email: string;
let dir: string;

async function bank(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions", "react-server", "lib/bank/cli.ts", ...args], {
      env: { ...process.env, NODE_ENV: "production" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  const user = await createUser("admin");
  email = `${user.id}@example.test`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-bank-cli-"));
});

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await disconnectPrisma();
});

test("import --dry-run lists what would be created and writes nothing; import writes; export round-trips", async () => {
  const dry = await bank("import", SEED_FILE, "--dry-run", "--as", email, "--prefix", prefix);
  expect(dry.code).toBe(0);
  expect(dry.stdout.split("\n").filter((l) => l.startsWith("create"))).toHaveLength(5);
  expect(dry.stdout).toContain(`create    ${prefix}-4-2-1 (coding, draft)`);
  expect(await getPrisma().question.count({ where: { slug: { startsWith: `${prefix}-` } } })).toBe(0);

  const real = await bank("import", SEED_FILE, "--as", email, "--prefix", prefix);
  expect(real.code).toBe(0);
  expect(real.stdout).toContain("5 question(s) written in one transaction");
  expect(await getPrisma().question.count({ where: { slug: { startsWith: `${prefix}-` } } })).toBe(5);
  const audit = await getPrisma().auditLog.findFirst({ where: { action: "bank.import", actor: { email } } });
  expect(audit?.details).toEqual({ created: 5, updated: 0, unchanged: 0 });

  const out = path.join(dir, "export.json");
  const exported = await bank("export", "--out", out, "--as", email, "--slug", `${prefix}-4-1-1`, "--slug", `${prefix}-4-2-2`);
  expect(exported.code).toBe(0);
  const parsed = parseBundleText("export.json", fs.readFileSync(out, "utf8"));
  expect(parsed.problems).toEqual([]);
  expect(parsed.questions.map((q) => q.slug)).toEqual([`${prefix}-4-1-1`, `${prefix}-4-2-2`]);

  const again = await bank("import", out, "--as", email);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(`unchanged ${prefix}-4-1-1`);
}, 120_000);

test("a bad bundle exits 1, prints each located problem and imports nothing", async () => {
  const bad = path.join(dir, "bad.json");
  fs.writeFileSync(bad, JSON.stringify({ format: "clockwise-bank", version: 1, exportedAt: new Date().toISOString(), questions: [{ slug: `bad-cli-${id}`, kind: "concept" }] }));
  const result = await bank("import", bad, "--as", email);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`problem  bad.json › #0 (bad-cli-${id}) › difficulty:`);
  expect(result.stderr).toContain("nothing was imported");
  expect(await getPrisma().question.count({ where: { slug: `bad-cli-${id}` } })).toBe(0);
}, 60_000);

test("refuses to act as a user who is not an admin", async () => {
  const candidate = await createUser("candidate");
  const result = await bank("export", "--as", `${candidate.id}@example.test`);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("No admin with email");
}, 60_000);
