/** `npm run engine -- …`: prints the answer and a stage-timing table; bad requests exit 1 with the error code. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO } from "./support";

const TSX = path.join(REPO, "node_modules/.bin/tsx");

function cli(...args: string[]) {
  const result = spawnSync(TSX, ["lib/engine/cli.ts", ...args], { cwd: REPO, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

jest.setTimeout(120_000);

test("classify prints the prediction, the loss and the stage table", () => {
  const { code, stdout } = cli("classify", "--model", "bert-cls", "如何用 apt 安装软件包", "--label", "1");
  expect(code).toBe(0);
  // One "label probability" pair per class, in logit order, then the loss against class 1.
  expect(stdout).toMatch(/^"如何用 apt 安装软件包" → \S+ \(\S+ [01]\.\d{4}(, \S+ [01]\.\d{4})+\), loss \d+\.\d{4}$/m);
  for (const stage of ["input (tokenize)", "forward (session.run)", "post (pooling/softmax)", "feedback (loss)", "total"]) {
    expect(stdout).toContain(`| ${stage} |`);
  }
  expect(stdout).toMatch(/model bert-cls, 1 sequence\(s\), \d+ token\(s\), session.run batch 1/);
});

test("--json prints the engine's own result object", () => {
  const { code, stdout } = cli("embed", "--model", "word2vec", "我喜欢机器学习", "--json");
  expect(code).toBe(0);
  const parsed = JSON.parse(stdout) as { vectors: number[][]; trace: { model: string; stagesNs: Record<string, number> } };
  expect(parsed.vectors[0]).toHaveLength(100);
  expect(Math.hypot(...parsed.vectors[0])).toBeCloseTo(1, 6);
  expect(parsed.trace.model).toBe("word2vec");
  expect(parsed.trace.stagesNs.forward).toBeGreaterThan(0);
});

test("an unknown model exits 1 with the error code and the available models", () => {
  const { code, stderr } = cli("embed", "--model", "gpt", "hi");
  expect(code).toBe(1);
  expect(stderr).toContain('engine: UNKNOWN_MODEL: unknown model "gpt"; available: word2vec, bert, bert-cls');
});
