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
  const { code, stderr } = cli("embed", "--model", "no-such-model", "hi");
  expect(code).toBe(1);
  expect(stderr).toContain('engine: UNKNOWN_MODEL: unknown model "no-such-model"; available: word2vec, bert, bert-cls');
});

const GPT_FIXTURES = "tests/engine/fixtures/gpt-models";

test("generate --json prints the continuation and every step's stages, prefill first", () => {
  const { code, stdout, stderr } = cli("generate", "--models-dir", GPT_FIXTURES, "--model", "gpt", "hello the", "--max-tokens", "6", "--json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const g = JSON.parse(stdout) as {
    text: string; ids: number[]; promptIds: number[]; stoppedAt: string;
    steps: { phase: string; tokensIn: number; pastLength: number; token: number; stagesMs: Record<string, number> }[];
    summary: { promptTokens: number; newTokens: number; forwardTokens: number; ttftMs: number; tpotMs: number; tokensPerSecond: number };
  };
  expect(g.ids).toHaveLength(6);
  expect(g.steps.map((s) => s.phase)).toEqual(["prefill", "decode", "decode", "decode", "decode", "decode"]);
  expect(g.steps.map((s) => s.token)).toEqual(g.ids);
  expect(g.steps.map((s) => s.tokensIn)).toEqual([g.promptIds.length, 1, 1, 1, 1, 1]);
  expect(g.steps.map((s) => s.pastLength)).toEqual([0, 1, 2, 3, 4, 5].map((i) => (i === 0 ? 0 : g.promptIds.length + i - 1)));
  for (const step of g.steps) expect(Object.keys(step.stagesMs).sort()).toEqual(["feedback", "forward", "input", "post"]);
  expect(g.summary).toMatchObject({ promptTokens: g.promptIds.length, newTokens: 6, forwardTokens: g.promptIds.length + 5 });
  expect(g.summary.tpotMs).toBeGreaterThan(0);
  expect(g.stoppedAt).toBe("max_tokens");
  // --no-cache recomputes: the same tokens, quadratically more work.
  const slow = JSON.parse(cli("generate", "--models-dir", GPT_FIXTURES, "--model", "gpt", "hello the", "--max-tokens", "6", "--json", "--no-cache").stdout) as typeof g;
  expect(slow.ids).toEqual(g.ids);
  expect(slow.steps.every((s) => s.phase === "prefill")).toBe(true);
  expect(slow.summary.forwardTokens).toBe(6 * g.promptIds.length + 15);
});

test("generate prints a step table; decode turns ids back into text", () => {
  const table = cli("generate", "--models-dir", GPT_FIXTURES, "--model", "gpt", "hi", "--max-tokens", "3");
  expect(table.code).toBe(0);
  expect(table.stdout).toContain("| step | phase | tokens in | past | token | input ms | forward ms | post ms | feedback ms |");
  expect(table.stdout).toMatch(/^\| 0 \| prefill \| 2 \| 0 \|/m);
  expect(table.stdout).toMatch(/TTFT \d+\.\d{3} ms, TPOT \d+\.\d{3} ms/);
  const decoded = cli("decode", "--models-dir", GPT_FIXTURES, "--model", "gpt", "104", "105");
  expect(decoded.stdout.trim()).toBe("hi");
  const wrong = cli("generate", "--models-dir", GPT_FIXTURES, "--model", "gpt", "hi", "--max-tokens", "0");
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain("engine: INVALID_INPUT: max tokens must be a positive integer, got 0");
});
