/**
 * The coding page after issue 18 (points 3, 4, 6, 10, 11) and 16.1, in real Chromium against the production build,
 * zh and en, with screenshots:
 * - a hidden test's runtime error shows its type, message and the candidate's line, the first failure is named, and
 *   the API gives hidden tests no counters (ADR 0610);
 * - a reload during grading re-attaches the results panel to the running submission, and a second tab follows it
 *   (ADR 0612);
 * - a keyboard-only journey: search → question → editor → leave the editor (Esc, Tab; Shift+Tab does not outdent)
 *   → Run → the focus is on the results heading → read the verdict;
 * - axe-core (from node_modules, injected into the page — no CDN) finds no WCAG 2.x A/AA violation on the landing
 *   page, the bank, a coding question with results, the 404 page and /progress;
 * - on a phone the code is shown read-only until the editor is reached, then Monaco takes the focus (ADR 1107);
 * - click → verdict on screen is measured for several submissions and reported (tests/e2e/reports/), not asserted.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { openBrowser, screenshot, type Session } from "./browser";
import { BASE_URL, ROOT } from "./server";

let s: Session;
let page: Page;
const email = `e2e-coding-${Date.now()}@example.com`;
const password = "correct horse battery staple";
const SLUG = "semantic-vector";

beforeAll(async () => {
  s = await openBrowser();
  page = s.page;
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await s?.close();
});

const go = (path: string) => page.goto(`${BASE_URL}${path}`, { waitUntil: "domcontentloaded" });

async function setLocale(locale: "zh" | "en"): Promise<void> {
  await s.context.addCookies([{ name: "clockwise-locale", value: locale, url: BASE_URL }]);
}

// Sums the vectors of all in-vocabulary words, 512 ids per forward call (the model's row limit), then normalises.
const SOLUTION_BODY = [
  "    ids = engine.tokenize(\"word2vec\", text)[\"input_ids\"]",
  "    dim = engine.info(\"word2vec\")[\"dim\"]",
  "    if not ids:",
  "        return [0.0] * dim",
  "    total = [0.0] * dim",
  "    for start in range(0, len(ids), 512):",
  "        vectors = engine.forward(\"word2vec\", {\"input_ids\": [ids[start:start + 512]]})[\"vectors\"][0]",
  "        for v in vectors:",
  "            for k in range(dim):",
  "                total[k] += v[k]",
  "    norm = math.sqrt(sum(x * x for x in total))",
  "    return [x / norm for x in total] if norm else [0.0] * dim",
  "",
];

// Correct on the two samples, ZeroDivisionError on every hidden test (line 6).
const HIDDEN_RE_PYTHON = [
  "import math",
  "SAMPLES = {\"我喜欢吃饭\", \"The cat sat on the mat.\"}",
  "",
  "def llm_inference(text, engine):",
  "    if text not in SAMPLES:",
  "        return len(text) / 0",
  ...SOLUTION_BODY,
].join("\n");
const HIDDEN_RE_LINE = 6;

// Correct, but slow enough that a reload lands while it is being graded (0.4 s per test, ~5 s in all, was too short
// at load 15): 1.2 s on each of the 8 short tests (~10 s), none on the 4 long-text ones, whose own work under load
// must stay within the 2 s per-test limit.
const SLOW_PYTHON = ["import math", "import time", "", "def llm_inference(text, engine):", "    if len(text) < 200:", "        time.sleep(1.2)", ...SOLUTION_BODY].join("\n");

async function pasteIntoMonaco(code: string): Promise<void> {
  await s.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("ControlOrMeta+V");
  const key = `clockwise:draft:${SLUG}:python`;
  await page.waitForFunction(([k, want]) => (window.localStorage.getItem(k) ?? "").trimEnd() === want, [key, code.trimEnd()] as const, { timeout: 5000 });
}

async function waitForFinished(previousId: string | null = null): Promise<{ id: string; verdict: string }> {
  await page.waitForFunction(
    (previous) => {
      const el = document.querySelector('[data-testid="results"]');
      if (!el || el.getAttribute("data-submission-id") === previous) return false;
      return el.getAttribute("data-status") === "done" || el.getAttribute("data-status") === "failed";
    },
    previousId,
    { timeout: 120_000 },
  );
  const results = page.locator('[data-testid="results"]');
  return { id: (await results.getAttribute("data-submission-id")) ?? "", verdict: (await results.getAttribute("data-verdict")) ?? "" };
}

/** axe-core from node_modules, run in the page; returns the violations as "rule: target" lines. */
async function axeViolations(target: Page = page): Promise<string[]> {
  const loaded = await target.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!loaded) await target.addScriptTag({ content: fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
  const result = await target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"] });
  });
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

test("sign up (English UI)", async () => {
  await setLocale("en");
  await go("/sign-up");
  await page.fill('input[name="name"]', "Keyboard Candidate");
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/questions/);
  expect(await page.locator('[data-testid="user-name"]').textContent()).toBe("Keyboard Candidate");
});

test("a hidden test's runtime error shows its type, message and line; the API gives hidden tests no counters", async () => {
  await go(`/questions/${SLUG}`);
  await page.locator('[data-testid="submit-button"]').waitFor();
  await pasteIntoMonaco(HIDDEN_RE_PYTHON);
  await page.click('[data-testid="submit-button"]');
  const { id, verdict } = await waitForFinished();
  expect(verdict).toBe("RE");
  const first = await page.locator('[data-testid="first-failure"]').textContent();
  expect(first).toMatch(/^Hidden test \d+ failed: RE$/);
  const failure = page.locator('[data-testid="hidden-failure"]').first();
  expect(await failure.textContent()).toBe(`ZeroDivisionError: division by zero · line ${HIDDEN_RE_LINE} of your code`);
  expect(await page.locator('[data-testid="hidden-not-charted"]').count()).toBe(1);
  await screenshot(page, "coding-01-hidden-re-en");

  const api = await page.evaluate(async (sid) => (await fetch(`/api/submissions/${sid}`)).json(), id);
  const hidden = (api.tests as Record<string, unknown>[]).filter((t) => t.hidden);
  expect(hidden.length).toBeGreaterThan(0);
  for (const t of hidden) expect(Object.keys(t).sort()).toEqual(["failure", "hidden", "ordinal", "redacted", "verdict"]);

  await setLocale("zh");
  await page.reload({ waitUntil: "domcontentloaded" });
  await page.locator('[data-testid="history"] button').first().click();
  await page.locator('[data-testid="first-failure"]').waitFor();
  expect(await page.locator('[data-testid="first-failure"]').textContent()).toMatch(/^隐藏测试 \d+未通过：RE$/);
  expect(await page.locator('[data-testid="hidden-failure"]').first().textContent()).toBe(`ZeroDivisionError: division by zero · 你的代码第 ${HIDDEN_RE_LINE} 行`);
  await screenshot(page, "coding-02-hidden-re-zh");
});

test("examples show the reference's output as expected; custom input opens with the first sample", async () => {
  await setLocale("en");
  await go(`/questions/${SLUG}`);
  // semantic-vector's samples have no stored expected value: it is the (now cached) reference run's output.
  const sample = page.locator('[data-testid="sample-test"]').first();
  await sample.waitFor();
  expect(await sample.textContent()).toMatch(/→ \[-?\d/);
  expect(await sample.textContent()).toContain("expected: the reference solution's output");
  expect(await page.locator('[data-testid="api-block-python"]').textContent()).toContain("def llm_inference(text, engine):");
  expect(await page.locator('[data-testid="api-block-javascript"]').textContent()).toContain("await engine.tokenize(model, text)");
  await page.click(".custom-input summary");
  // The toggle event is asynchronous (and the page may hydrate after the click): wait for the prefill, then check it.
  const firstSample = '["我喜欢吃饭"]';
  await page.waitForFunction((want) => (document.querySelector('[data-testid="custom-args"]') as HTMLTextAreaElement | null)?.value === want, firstSample);
  expect(await page.inputValue('[data-testid="custom-args"]')).toBe(firstSample);
  await screenshot(page, "coding-02b-examples-and-api");
});

test("a reload during grading re-attaches the results, and a second tab follows the same submission", async () => {
  await setLocale("en");
  await go(`/questions/${SLUG}`);
  await page.locator('[data-testid="submit-button"]').waitFor();
  await pasteIntoMonaco(SLOW_PYTHON);
  const other = await s.context.newPage();
  await other.goto(`${BASE_URL}/questions/${SLUG}`, { waitUntil: "domcontentloaded" });
  await other.locator('[data-testid="submit-button"]').waitFor();

  await page.click('[data-testid="submit-button"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="results"]')?.getAttribute("data-submission-id"));
  const id = await page.locator('[data-testid="results"]').getAttribute("data-submission-id");
  // The other tab picks the submission up from the broadcast.
  await other.waitForFunction((sid) => document.querySelector('[data-testid="results"]')?.getAttribute("data-submission-id") === sid, id, { timeout: 15_000 });

  await page.reload({ waitUntil: "domcontentloaded" });
  await page.waitForFunction((sid) => document.querySelector('[data-testid="results"]')?.getAttribute("data-submission-id") === sid, id, { timeout: 15_000 });
  const statusAfterReload = await page.locator('[data-testid="results"]').getAttribute("data-status");
  expect(["queued", "running"]).toContain(statusAfterReload); // re-attached while still grading, not a finished copy
  expect(await page.locator('[data-testid="results-note"]').textContent()).toBe("Following your submission that was still running.");
  await screenshot(page, "coding-03-reattached-while-running");

  const { verdict } = await waitForFinished();
  expect(verdict).toBe("AC");
  await other.waitForFunction(() => document.querySelector('[data-testid="results"]')?.getAttribute("data-status") === "done", undefined, { timeout: 30_000 });
  expect(await other.locator('[data-testid="results"]').getAttribute("data-verdict")).toBe("AC");
  await screenshot(other, "coding-04-second-tab-followed");
  await other.close();
  // Finished: a later load does not re-attach to it.
  expect(await page.evaluate((slug) => window.localStorage.getItem(`clockwise:running:${slug}`), SLUG)).toBeNull();
});

/** Presses Tab until `predicate` holds for the focused element (at most `max` presses). */
async function tabUntil(predicate: string, max = 80, key = "Tab"): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(predicate)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`focus never reached: ${predicate}`);
}

const FOCUS_IN_EDITOR = "!!document.activeElement?.closest('.monaco-editor')";

for (const locale of ["en", "zh"] as const) {
  test(`keyboard only (${locale}): search → question → editor → leave it → Run → results`, async () => {
    await setLocale(locale);
    await go("/questions");
    await page.locator('[data-testid="question-search"]').waitFor();
    await tabUntil("document.activeElement?.getAttribute('data-testid') === 'question-search'");
    await page.keyboard.type("semantic");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=semantic/);
    await tabUntil(`document.activeElement?.getAttribute('href') === '/questions/${SLUG}'`);
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/questions/${SLUG}$`));
    await page.locator(".monaco-editor").first().waitFor();
    await page.locator('[data-testid="editor-keyboard-hint"]').waitFor();

    await tabUntil(FOCUS_IN_EDITOR);
    const draftKey = `clockwise:draft:${SLUG}:python`;
    const before = await page.evaluate((k) => window.localStorage.getItem(k), draftKey);
    // Shift+Tab without a selection leaves backwards and does not outdent the line.
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(FOCUS_IN_EDITOR)).toBe(false);
    expect(await page.evaluate((k) => window.localStorage.getItem(k), draftKey)).toBe(before);
    // Back in, then Esc + Tab leaves forwards.
    await tabUntil(FOCUS_IN_EDITOR);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(FOCUS_IN_EDITOR)).toBe(false);

    // Backwards from here: Shift+Tab re-enters the editor, leaves it again without outdenting, then Submit, then Run.
    await tabUntil("document.activeElement?.getAttribute('data-testid') === 'run-button'", 80, "Shift+Tab");
    const results = page.locator('[data-testid="results"]');
    const previousId = (await results.count()) > 0 ? await results.getAttribute("data-submission-id") : null;
    expect(await page.evaluate((k) => window.localStorage.getItem(k), draftKey)).toBe(before);
    await page.keyboard.press("Enter");
    // The focus moves to the results heading, not to <body>.
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "results-heading", undefined, { timeout: 10_000 });
    const { verdict } = await waitForFinished(previousId);
    expect(verdict).toBe("AC");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(locale === "en" ? "Results" : "结果");
    const summary = await page.locator('[data-testid="results"] .results-head').textContent();
    expect(summary).toMatch(locale === "en" ? /2\/2 tests passed/ : /通过 2\/2 个测试/);
    await screenshot(page, `coding-05-keyboard-journey-${locale}`);
  });
}

test("the timing verdict compares medians of accepted tests with engine calls, with a range and a legend", async () => {
  await setLocale("en");
  // The keyboard journey's Run (two accepted samples with engine calls) is on screen after a reload of its result.
  await go(`/questions/${SLUG}`);
  await page.locator('[data-testid="history"] button').first().click();
  await page.locator('[data-testid="stage-legend"]').waitFor();
  expect(await page.locator('[data-testid="stage-legend"]').textContent()).toContain("reference (thin outlined bar)");
  const basis = page.locator('[data-testid="timing-basis"]');
  if ((await basis.count()) > 0) expect(await basis.textContent()).toMatch(/median of per-test ratios over 2 accepted test\(s\) with engine calls; range [\d.]+–[\d.]+×/);
  else expect(await page.locator('[data-testid="timing-none"]').count()).toBe(1);
});

const AXE_PAGES: { name: string; path: string; ready: string }[] = [
  { name: "landing", path: "/", ready: '[data-testid="landing-links"]' },
  { name: "bank", path: "/questions", ready: '[data-testid="question-list"]' },
  { name: "coding-question", path: `/questions/${SLUG}`, ready: ".monaco-editor" },
  { name: "not-found", path: "/no-such-page", ready: '[data-testid="not-found"]' },
  // The edge server answers /admin for non-admins itself with a static bilingual 404 (issue 16: nothing of the admin
  // area is rendered for them), so this checks that page, not app/not-found.tsx.
  { name: "admin-as-candidate", path: "/admin", ready: "h1" },
  { name: "progress", path: "/progress", ready: "main h1" },
];

for (const locale of ["en", "zh"] as const) {
  test(`axe-core (${locale}): no WCAG A/AA violations on the main page states`, async () => {
    await setLocale(locale);
    const found: string[] = [];
    for (const p of AXE_PAGES) {
      const response = await go(p.path);
      await page.locator(p.ready).first().waitFor();
      if (p.name === "not-found" || p.name === "admin-as-candidate") expect(response?.status()).toBe(404);
      found.push(...(await axeViolations()).map((v) => `${p.path} ${v}`));
      await screenshot(page, `coding-axe-${locale}-${p.name}`);
    }
    // The coding page with results open (verdicts, hidden failure, chart and its table).
    await go(`/questions/${SLUG}`);
    await page.locator('[data-testid="history"] button').first().click();
    await page.locator('[data-testid="results"][data-status="done"]').waitFor();
    await page.locator(".stage-chart details summary").first().click().catch(() => undefined);
    found.push(...(await axeViolations()).map((v) => `results ${v}`));
    await screenshot(page, `coding-axe-${locale}-results`);
    expect(found).toEqual([]);
  });
}

test("the question page has its title and description in the head, and the favicon exists", async () => {
  const html = await (await fetch(`${BASE_URL}/questions/${SLUG}`)).text();
  const head = html.slice(0, html.indexOf("<body"));
  expect(head).toMatch(/<title>[^<]+ · Clockwise<\/title>/);
  expect(head).toMatch(/<meta name="description" content="[^"]{20,}"/);
  expect((await fetch(`${BASE_URL}/icon.svg`)).status).toBe(200);
});

test("phone width: the code is on screen read-only until the editor is reached; reaching it by keyboard hands the focus to Monaco", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await setLocale("en");
    await go(`/questions/${SLUG}`);
    // Server-rendered with the statement (ADR 1107): the code is readable before any script runs.
    const view = page.locator('[data-testid="code-view"]');
    await view.waitFor();
    expect(await view.getAttribute("aria-readonly")).toBe("true");
    expect(await view.textContent()).toContain("def llm_inference(text, engine):");
    await page.waitForLoadState("load");
    // The editor is below the statement on a phone: Monaco is not loaded while the candidate reads.
    expect(await page.locator(".monaco-editor").count()).toBe(0);
    // Tabbing towards it scrolls it into view, so Monaco may already be there when the focus arrives: either way the
    // focus must end up in Monaco, not on the read-only view.
    await tabUntil(`document.activeElement?.getAttribute('data-testid') === 'code-view' || ${FOCUS_IN_EDITOR}`);
    await page.waitForFunction(() => !!document.activeElement?.closest(".monaco-editor")); // a string would be eval'd: CSP
    expect(await page.locator('[data-testid="code-view"]').count()).toBe(0);
    await screenshot(page, "coding-06-phone-editor-after-reaching-it");
  } finally {
    await page.setViewportSize({ width: 1366, height: 900 });
  }
});

/**
 * Click → verdict on screen (issue 17), measured in the page and reported, never asserted (timing belongs to the bench;
 * the target is p50 ≤ 300 ms). A fresh candidate (the per-user rate limit is 10 a minute) submits the correct solution
 * CLICK_SAMPLES times; each sample runs from the Submit click's event time to the first animation frame after the
 * results panel shows the new submission as finished. The server's own created → finished time of each submission is
 * reported beside it. Written to tests/e2e/reports/click-to-verdict.{json,md} (git-ignored) and printed.
 */
const CLICK_SAMPLES = 8;
const CORRECT_PYTHON = ["import math", "", "def llm_inference(text, engine):", ...SOLUTION_BODY].join("\n");

test("click → verdict on screen, measured and reported (not asserted)", async () => {
  await setLocale("en");
  await go(`/questions/${SLUG}`);
  const signedUp = await page.evaluate(async (body) => {
    const res = await fetch("/api/auth/sign-up/email", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return res.status;
  }, { name: "Timing Candidate", email: `e2e-timing-${Date.now()}@example.com`, password });
  expect(signedUp).toBe(200);
  await go(`/questions/${SLUG}`);
  await page.locator('[data-testid="submit-button"]').waitFor();
  await pasteIntoMonaco(CORRECT_PYTHON);

  const samples: { clickToVerdictMs: number; serverMs: number; verdict: string }[] = [];
  for (let i = 0; i < CLICK_SAMPLES; i++) {
    await page.evaluate(() => {
      type Probe = { start: number; end: number; id: string; verdict: string };
      const w = window as unknown as { __clickToVerdict: Probe };
      const probe: Probe = { start: 0, end: 0, id: "", verdict: "" };
      w.__clickToVerdict = probe;
      const previous = document.querySelector('[data-testid="results"]')?.getAttribute("data-submission-id") ?? null;
      document.querySelector('[data-testid="submit-button"]')!.addEventListener("click", (e) => (probe.start = e.timeStamp), { once: true, capture: true });
      const observer = new MutationObserver(() => {
        const el = document.querySelector('[data-testid="results"]');
        const status = el?.getAttribute("data-status");
        if (!probe.start || !el || el.getAttribute("data-submission-id") === previous || (status !== "done" && status !== "failed")) return;
        observer.disconnect();
        probe.id = el.getAttribute("data-submission-id") ?? "";
        probe.verdict = el.getAttribute("data-verdict") ?? "";
        requestAnimationFrame(() => (probe.end = performance.now())); // the frame that paints it
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status", "data-submission-id"] });
    });
    await page.click('[data-testid="submit-button"]');
    await page.waitForFunction(() => (window as unknown as { __clickToVerdict: { end: number } }).__clickToVerdict.end > 0, undefined, { timeout: 120_000 });
    const probe = await page.evaluate(() => (window as unknown as { __clickToVerdict: { start: number; end: number; id: string; verdict: string } }).__clickToVerdict);
    const api = (await page.evaluate(async (id) => (await fetch(`/api/submissions/${id}`)).json(), probe.id)) as { createdAt: string; finishedAt: string | null };
    samples.push({
      clickToVerdictMs: probe.end - probe.start,
      serverMs: api.finishedAt ? Date.parse(api.finishedAt) - Date.parse(api.createdAt) : NaN,
      verdict: probe.verdict,
    });
    expect(probe.verdict).toBe("AC");
  }

  const nearestRank = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  };
  const clicks = samples.map((x) => x.clickToVerdictMs);
  const server = samples.map((x) => x.serverMs);
  const report = {
    date: new Date().toISOString(),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    question: SLUG,
    language: "python",
    mode: "submit",
    samples: samples.length,
    clickToVerdictMs: { p50: nearestRank(clicks, 50), p95: nearestRank(clicks, 95), all: clicks.map((v) => Math.round(v)) },
    serverCreatedToFinishedMs: { p50: nearestRank(server, 50), p95: nearestRank(server, 95), all: server },
    target: "click → verdict on screen p50 ≤ 300 ms (issue 17; reported, not asserted)",
  };
  const dir = path.join(ROOT, "tests/e2e/reports");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "click-to-verdict.json"), `${JSON.stringify(report, null, 2)}\n`);
  const md = [
    `Click → verdict on screen, ${report.date}, load average ${report.loadAverage.join(" ")}, ${SLUG} (python, Submit, ${samples.length} submissions, Chromium):`,
    "",
    "| figure | p50 ms | p95 ms | samples ms |",
    "|---|---:|---:|---|",
    `| click → verdict on screen | ${Math.round(report.clickToVerdictMs.p50)} | ${Math.round(report.clickToVerdictMs.p95)} | ${report.clickToVerdictMs.all.join(", ")} |`,
    `| server: created → finished | ${report.serverCreatedToFinishedMs.p50} | ${report.serverCreatedToFinishedMs.p95} | ${server.join(", ")} |`,
    "",
    `Target: p50 ≤ 300 ms (reported, not asserted).`,
  ].join("\n");
  fs.writeFileSync(path.join(dir, "click-to-verdict.md"), `${md}\n`);
  process.stdout.write(`\n[e2e] ${md}\n\n`);
});
