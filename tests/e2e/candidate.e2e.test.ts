/**
 * A candidate's day, in real Chromium against the production build: read as a guest, sign up, search
 * and filter the bank, answer a concept question and see covered/missed key points, rate it and find
 * it scheduled, solve `semantic-vector` in Monaco (accepted, with the stage chart), submit a wrong
 * solution and see the diff, switch the UI language and back — and never talk to another host.
 */
import type { Page } from "playwright-core";
import { externalRequests, openBrowser, screenshot, type Session } from "./browser";
import { BASE_URL } from "./server";

let s: Session;
let page: Page;
const email = `e2e-${Date.now()}@example.com`;
const password = "correct horse battery staple";

beforeAll(async () => {
  s = await openBrowser();
  page = s.page;
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await s?.close();
});

const go = (path: string) => page.goto(`${BASE_URL}${path}`, { waitUntil: "domcontentloaded" });

const CORRECT_PYTHON = [
  "import math",
  "",
  "def llm_inference(text, engine):",
  "    ids = engine.tokenize(\"word2vec\", text)[\"input_ids\"]",
  "    dim = engine.info(\"word2vec\")[\"dim\"]",
  "    if not ids:",
  "        return [0.0] * dim",
  // At most 512 ids per forward row (the bank's long-text tests need the chunks); the sum over all words, normalised.
  "    total = [0.0] * dim",
  "    for start in range(0, len(ids), 512):",
  "        vectors = engine.forward(\"word2vec\", {\"input_ids\": [ids[start:start + 512]]})[\"vectors\"][0]",
  "        for v in vectors:",
  "            for k in range(dim):",
  "                total[k] += v[k]",
  "    norm = math.sqrt(sum(x * x for x in total))",
  "    return [x / norm for x in total] if norm else [0.0] * dim",
  "",
].join("\n");

// Forgets the L2 normalisation: right direction, wrong norm, so the checker rejects it with a diff.
const WRONG_PYTHON = [
  "def llm_inference(text, engine):",
  "    ids = engine.tokenize(\"word2vec\", text)[\"input_ids\"]",
  "    dim = engine.info(\"word2vec\")[\"dim\"]",
  "    if not ids:",
  "        return [0.0] * dim",
  "    vectors = engine.forward(\"word2vec\", {\"input_ids\": [ids]})[\"vectors\"][0]",
  "    return [sum(v[k] for v in vectors) for k in range(dim)]",
  "",
].join("\n");

/**
 * Replaces the editor's text the way a candidate brings in code they wrote elsewhere: select all and
 * paste. (Typing or `insertText` goes through Monaco's auto-indent, which re-indents every new line of
 * already-indented Python; a paste is inserted verbatim.) The draft the page stores is then read back
 * to prove the editor holds exactly this code.
 */
async function typeIntoMonaco(code: string, slug: string): Promise<void> {
  await s.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  // Monaco's input element is a hidden textarea or an EditContext div depending on the version, so focus
  // it the way a user does: by clicking the text area.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("ControlOrMeta+V");
  const key = `clockwise:draft:${slug}:python`;
  await page
    .waitForFunction(([k, want]) => (window.localStorage.getItem(k) ?? "").trimEnd() === want, [key, code.trimEnd()] as const, { timeout: 5000 })
    .catch(() => undefined); // the assertion below shows the difference
  const stored = await page.evaluate((k) => window.localStorage.getItem(k), key);
  expect(stored?.trimEnd()).toBe(code.trimEnd());
}

/** Waits for a finished result of a submission other than `previousId` (the panel may still show the last one). */
async function waitForFinishedResult(previousId: string | null = null): Promise<{ verdict: string; status: string }> {
  const results = page.locator('[data-testid="results"]');
  await results.waitFor();
  await page.waitForFunction(
    (previous) => {
      const el = document.querySelector('[data-testid="results"]');
      if (!el || el.getAttribute("data-submission-id") === previous) return false;
      return el.getAttribute("data-status") === "done" || el.getAttribute("data-status") === "failed";
    },
    previousId,
    { timeout: 120_000 },
  );
  return { verdict: (await results.getAttribute("data-verdict")) ?? "", status: (await results.getAttribute("data-status")) ?? "" };
}

test("a guest can read a coding question but is asked to sign in to run it", async () => {
  await go("/questions/semantic-vector");
  await page.locator('[data-testid="question-title"]').waitFor();
  await page.locator('[data-testid="sign-in-to-run"]').waitFor();
  expect(await page.locator('[data-testid="sign-in-to-run"]').getAttribute("href")).toBe("/sign-in?next=%2Fquestions%2Fsemantic-vector");
  await page.locator(".monaco-editor").first().waitFor();
  await screenshot(page, "01-guest-coding-question");
});

test("phone width: the bank and a question page stack into one column without horizontal scrolling", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const [path, name] of [["/questions", "09-phone-question-list"], ["/questions/semantic-vector", "10-phone-coding-question"]] as const) {
      await go(path);
      await page.locator("h1").first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await screenshot(page, name);
      expect(overflow).toBeLessThanOrEqual(1);
    }
  } finally {
    await page.setViewportSize({ width: 1366, height: 900 });
  }
});

test("sign up", async () => {
  await go("/sign-up");
  await page.fill('input[name="name"]', "E2E Candidate");
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/questions/);
  await page.locator('[data-testid="question-list"]').waitFor();
  await screenshot(page, "02-signed-up-question-list");
});

test("search and filter the bank", async () => {
  await go("/questions?kind=concept");
  const kinds = await page.locator('[data-testid="question-row"] td:nth-child(2)').allTextContents();
  expect(kinds.length).toBeGreaterThan(0);
  expect(new Set(kinds)).toEqual(new Set(["概念题"]));

  await go("/questions");
  await page.fill('[data-testid="question-search"]', "semantic");
  await page.click('[data-testid="filter-apply"]');
  await page.waitForURL(/q=semantic/);
  const slugs = await page.locator('[data-testid="question-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-slug")));
  expect(slugs).toContain("semantic-vector");
  await screenshot(page, "03-search-and-filter");

  await page.selectOption('[data-testid="filter-difficulty"]', "hard");
  await page.click('[data-testid="filter-apply"]');
  await page.waitForURL(/difficulty=hard/);
  const hardSlugs = await page.locator('[data-testid="question-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-slug")));
  expect(hardSlugs).not.toContain("semantic-vector"); // it is an easy question
});

test("answer a concept question, see covered and missed key points, assess it and see it scheduled", async () => {
  await go("/questions/llm-inference-key-steps");
  await page.fill(
    '[data-testid="concept-answer"]',
    "首先对文本做分词，得到 token id 和 attention mask。然后做前向传播，经过嵌入层和多层 Transformer 得到 logits。最后后处理，用 softmax 得到类别概率或者采样解码成文本。反馈调整其实是训练，推理时权重是冻结的，不做反向传播。",
  );
  expect(await page.locator('[data-testid="concept-probe"]').count()).toBe(0);
  await page.click('[data-testid="concept-submit"]');
  await page.locator('[data-testid="concept-result"]').waitFor();
  const covered = await page.locator('[data-testid="keypoint"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-covered")));
  // Same answer and key points as the scorer's unit test: the first four covered, prefill/decode missed.
  expect(covered).toEqual(["true", "true", "true", "true", "false"]);
  // The interviewer's follow-up probes appear only now, after the answer, in the page's language.
  expect(await page.locator('[data-testid="concept-probes"] h2').textContent()).toBe("面试官追问");
  expect(await page.locator('[data-testid="concept-probe"]').count()).toBe(3);
  await screenshot(page, "04-concept-key-points");

  // The self-assessment (ADR 0604) starts from the automatic marks (4 of 5 covered → 良好) and schedules the review.
  await page.click('[data-testid="assess-save"]');
  const due = page.locator('[data-testid="assess-saved"]');
  await due.waitFor();
  expect(await due.textContent()).toMatch(/已评为良好。下次复习/);

  await go("/review");
  const items = await page.locator('[data-testid="review-item"]').allTextContents();
  expect(items.join(" ")).toMatch(/LLM 推理过程中有哪些关键步骤/);
  await screenshot(page, "05-review-schedule");
});

test("solve semantic-vector in Monaco: accepted, with the stage-timing chart", async () => {
  await go("/questions/semantic-vector");
  await page.locator('[data-testid="submit-button"]').waitFor();
  await typeIntoMonaco(CORRECT_PYTHON, "semantic-vector");
  await page.click('[data-testid="submit-button"]');
  const { verdict } = await waitForFinishedResult();
  await screenshot(page, "06-semantic-vector-accepted");
  expect(verdict).toBe("AC");
  const rows = await page.locator('[data-testid="test-row"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-verdict")));
  expect(rows.length).toBeGreaterThanOrEqual(9);
  expect(new Set(rows)).toEqual(new Set(["AC"]));
  // Only visible tests are charted: a hidden test's timings are never shown (ADR 0610).
  const visibleRows = await page.locator('[data-testid="test-row"]:not([data-hidden="true"])').count();
  expect(visibleRows).toBeGreaterThan(0);
  expect(await page.locator(".stage-chart .stage-bar").count()).toBeGreaterThanOrEqual(visibleRows);
  expect(await page.locator('[data-testid="stage-ratio"]').textContent()).toMatch(/合计/);
});

test("Run with custom input (Ctrl/Cmd+Enter): the samples plus one test on the given argument", async () => {
  // The accepted code from the previous test is still the draft.
  await page.click(".custom-input summary");
  await page.fill('[data-testid="custom-args"]', '["机器学习很有趣"]');
  const previousId = await page.locator('[data-testid="results"]').getAttribute("data-submission-id");
  await page.press('[data-testid="custom-args"]', "ControlOrMeta+Enter");
  const { verdict } = await waitForFinishedResult(previousId);
  expect(verdict).toBe("AC");
  const rows = page.locator('[data-testid="test-row"]');
  expect(await rows.count()).toBe(3); // two samples + the custom one
  await rows.nth(2).locator("summary").click();
  expect(await rows.nth(2).textContent()).toContain('["机器学习很有趣"]');
  expect(await page.locator('[data-testid="results"]').textContent()).toMatch(/运行 · 已完成/);
  await screenshot(page, "06b-run-custom-input");
});

test("a wrong solution is rejected with a diff", async () => {
  await go("/questions/semantic-vector");
  await page.locator('[data-testid="submit-button"]').waitFor();
  await typeIntoMonaco(WRONG_PYTHON, "semantic-vector");
  await page.click('[data-testid="submit-button"]');
  const { verdict } = await waitForFinishedResult();
  expect(verdict).toBe("WA");
  await page.locator('[data-testid="test-diff"]').first().waitFor();
  await screenshot(page, "07-semantic-vector-wrong-answer");
  // The history (server-rendered, refreshed when grading ends) lists both submissions.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="history"] li').length >= 2, undefined, { timeout: 15_000 });
  expect(await page.locator('[data-testid="history"] li').count()).toBeGreaterThanOrEqual(2);
});

test("progress: solved and attempted per difficulty, stage averages against the reference, recent submissions", async () => {
  await go("/progress");
  const easy = page.locator("table.list.compact tr", { hasText: "简单" }).first();
  await easy.waitFor();
  // semantic-vector (accepted) and llm-inference-key-steps (4/5 = 0.8 coverage) are both easy and solved.
  const [solved, attempted] = (await easy.locator("td").allTextContents()).map(Number);
  expect(solved).toBeGreaterThanOrEqual(2);
  expect(attempted).toBeGreaterThanOrEqual(2);
  expect(await page.locator(".stage-chart .stage-bar").count()).toBe(2); // yours and the reference
  expect(await page.locator("main").textContent()).toMatch(/实现一个简单的推理过程/);
  await screenshot(page, "13-progress");
});

test("playground: tokens, vector and stage timings of the Word2Vec model", async () => {
  await go("/playground");
  await page.selectOption('[data-testid="playground-model"]', "word2vec");
  await page.fill('[data-testid="playground-text"]', "我喜欢机器学习");
  await page.click('[data-testid="playground-run"]');
  const result = page.locator('[data-testid="playground-result"]');
  await result.waitFor();
  expect(await result.locator(".token").count()).toBeGreaterThan(0);
  expect(await result.textContent()).toMatch(/‖v‖ = 1\.0000/);
  expect(await result.locator(".stage-bar").count()).toBe(1);
  await screenshot(page, "11-playground");
});

test("mock interview: a timed set on one topic ends in a report", async () => {
  await go("/mock");
  await page.selectOption('[data-testid="mock-topic"]', "pipeline");
  await page.click('[data-testid="mock-start"]');
  await page.locator('[data-testid="mock-timer"]').waitFor();
  await page.fill("textarea.answer-box", "输入处理先分词得到 token id，然后前向传播，最后后处理 softmax。");
  await page.click('[data-testid="mock-finish"]');
  const report = page.locator('[data-testid="mock-report"]');
  await report.waitFor();
  expect(await report.textContent()).toMatch(/已作答 1\//);
  await screenshot(page, "12-mock-report");
});

test("switch the UI to English and back", async () => {
  await go("/questions");
  await page.locator("h1", { hasText: "题库" }).waitFor();
  await page.click("header button.link-button:has-text('English')");
  await page.locator("h1", { hasText: "Question bank" }).waitFor();
  await screenshot(page, "08-english-ui");
  await page.click("header button.link-button:has-text('中文')");
  await page.locator("h1", { hasText: "题库" }).waitFor();
});

test("the browser never requested a non-localhost URL", () => {
  expect(s.requests.length).toBeGreaterThan(10);
  expect(externalRequests(s.requests)).toEqual([]);
});
