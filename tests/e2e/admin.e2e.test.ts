/**
 * An admin's flow in real Chromium against the production build: sign in as the first-run admin, create a coding
 * question with two tests, see validation fail on a wrong expected value (per-test verdicts from the real grader),
 * fix it, publish — and a freshly signed-up candidate then finds the question and solves it (AC).
 * A candidate who opens /admin gets a 404.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { openBrowser, screenshot, type Session } from "./browser";
import { BASE_URL, E2E_PORT } from "./server";

let s: Session;
let page: Page;
const slug = `e2e-add-${Date.now().toString(36)}`;
const candidateEmail = `e2e-admin-flow-${Date.now()}@example.com`;
const password = "correct horse battery staple";

const PY_REFERENCE = "def add_numbers(a, b, engine):\n    return a + b\n";
const JS_REFERENCE = "function addNumbers(a, b, engine) {\n  return a + b;\n}\n";

/** The first-run admin: ADMIN_EMAIL/ADMIN_PASSWORD when the suite sets them, else the one-time password printed by npm start. */
function adminCredentials(): { email: string; password: string } {
  if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) return { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };
  const state = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `clockwise-e2e-${E2E_PORT}.json`), "utf8")) as { logFile: string };
  const match = /created admin (\S+) with one-time password: (\S+)/.exec(fs.readFileSync(state.logFile, "utf8"));
  if (!match) throw new Error(`no admin sign-in in ${state.logFile}`);
  return { email: match[1], password: match[2] };
}

const go = (p: string) => page.goto(`${BASE_URL}${p}`, { waitUntil: "domcontentloaded" });

async function signIn(email: string, pass: string, next: string): Promise<void> {
  await go(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', pass);
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => url.pathname === next);
}

async function banner(): Promise<{ ok: boolean; text: string }> {
  const el = page.locator('[data-testid="editor-banner"]');
  await el.waitFor();
  return { ok: (await el.getAttribute("data-ok")) === "true", text: (await el.textContent()) ?? "" };
}

/** Waits for the banner to change after clicking `testId` (validation runs the real grader). */
async function clickAndWaitForBanner(testId: string, expected: RegExp): Promise<{ ok: boolean; text: string }> {
  await page.click(`[data-testid="${testId}"]`);
  await page.waitForFunction(
    (pattern) => new RegExp(pattern).test(document.querySelector('[data-testid="editor-banner"]')?.textContent ?? ""),
    expected.source,
    { timeout: 120_000 },
  );
  return banner();
}

async function fillCode(label: string, code: string): Promise<void> {
  await page.check(`[data-testid="plain-${label}"]`);
  await page.fill(`[data-testid="code-${label}"]`, code);
}

beforeAll(async () => {
  s = await openBrowser();
  page = s.page;
  page.setDefaultTimeout(30_000);
});

afterAll(async () => {
  await s?.close();
});

test("the admin creates a coding question with two tests as a draft", async () => {
  const admin = adminCredentials();
  await signIn(admin.email, admin.password, "/admin/questions");
  await go("/admin/questions/new");
  await page.fill('[data-testid="slug"]', slug);
  await page.selectOption('[data-testid="kind"]', "coding");
  await page.fill('[data-testid="zh-title"]', "两数相加");
  await page.fill('[data-testid="zh-body"]', "返回 **a + b**，例如 $1 + 2 = 3$。");
  await page.fill('[data-testid="tag-input"]', "numerics"); // a known tag is added as soon as it is complete
  await page.locator(".tag", { hasText: "numerics" }).waitFor();
  await page.fill('[data-testid="params"]', "a, b");
  await page.fill('[data-testid="entry"]', "add_numbers");
  await fillCode("python starter code", "def add_numbers(a, b, engine):\n    pass\n");
  await fillCode("python reference solution", PY_REFERENCE);
  await page.click('[data-testid="language-javascript"]');
  await page.fill('[data-testid="entry"]', "addNumbers");
  await fillCode("javascript starter code", "function addNumbers(a, b, engine) {\n}\n");
  await fillCode("javascript reference solution", JS_REFERENCE);
  await page.fill('[data-testid="test-0-args"]', "[1, 2]");
  await page.fill('[data-testid="test-0-expected"]', "3");
  await page.click('[data-testid="add-test"]');
  await page.fill('[data-testid="test-1-name"]', "two plus two");
  await page.fill('[data-testid="test-1-args"]', "[2, 2]");
  await page.fill('[data-testid="test-1-expected"]', "5");
  // The live preview is rendered by the server with the candidate page's renderer.
  await page.locator('[data-testid="preview"] strong', { hasText: "a + b" }).waitFor();
  expect(await page.locator('[data-testid="preview"] .katex').count()).toBeGreaterThan(0);
  await page.click('[data-testid="save"]');
  await page.waitForURL(`${BASE_URL}/admin/questions/${slug}`);
  await page.locator('[data-testid="slug"]').waitFor();
  expect(await page.inputValue('[data-testid="slug"]')).toBe(slug);
  expect(await page.inputValue('[data-testid="status"]')).toBe("draft");
  await screenshot(page, "admin-01-created-draft");
});

test("validation fails on the wrong expected value, with per-test verdicts; publishing is refused", async () => {
  const result = await clickAndWaitForBanner("validate", /Validation failed|passes/);
  expect(result).toEqual({ ok: false, text: expect.stringMatching(/Validation failed/) });
  expect(await page.getAttribute('[data-testid="validation-python-0"]', "data-verdict")).toBe("AC");
  expect(await page.getAttribute('[data-testid="validation-python-1"]', "data-verdict")).toBe("WA");
  expect(await page.getAttribute('[data-testid="validation-javascript-1"]', "data-verdict")).toBe("WA");
  await screenshot(page, "admin-02-validation-failed");

  await page.selectOption('[data-testid="status"]', "published");
  const refused = await clickAndWaitForBanner("save", /cannot be published|Saved/);
  expect(refused.ok).toBe(false);
  expect(refused.text).toMatch(/cannot be published/);
});

test("after fixing the expected value it validates and publishes", async () => {
  await page.fill('[data-testid="test-1-expected"]', "4");
  const validated = await clickAndWaitForBanner("validate", /passes|Validation failed/);
  expect(validated).toEqual({ ok: true, text: expect.stringMatching(/passes every test/) });
  await page.selectOption('[data-testid="status"]', "published");
  const saved = await clickAndWaitForBanner("save", /Saved as version|cannot|Conflict/);
  expect(saved.ok).toBe(true);
  expect(saved.text).toMatch(/Saved as version 2 \(status, coding\.tests\.1\)/);
  await screenshot(page, "admin-03-published");
});

test("history lists both versions with who changed what, and shows the diff", async () => {
  await go(`/admin/questions/${slug}/history`);
  const rows = await page.locator("table.list tbody tr").allTextContents();
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatch(/v2.*status, coding\.tests\.1/);
  expect(rows[1]).toMatch(/v1.*created/);
  // The default diff is the latest change: v1 → v2.
  expect(await page.locator(".card strong").allTextContents()).toEqual(["status", "coding.tests.1"]);
});

test("import the seed article through the UI: preview, import, find the drafts, refuse to publish a draft without references", async () => {
  const prefix = `ui${Date.now().toString(36)}`;
  await go("/admin/import");
  await page.setInputFiles('input[type="file"]', "/work/shared/seed/000_4607d0d68e6bde87.txt");
  await page.fill('input[placeholder="from the title"]', prefix);
  await page.click('button:text-is("Preview")');
  await page.locator("text=No problems. Review the changes below, then Import.").waitFor({ timeout: 60_000 });
  const preview = await page.locator("table.list tbody tr").allTextContents();
  expect(preview).toHaveLength(5);
  expect(preview.every((r) => r.startsWith("create"))).toBe(true);
  await page.click('button:text-is("Import")');
  await page.locator("text=Imported: 5 created, 0 updated, 0 unchanged.").waitFor({ timeout: 60_000 });
  await screenshot(page, "admin-05-imported-seed");

  await go(`/admin/questions?q=${prefix}&status=draft`);
  const drafts = await page.locator("table.list tbody tr code").allTextContents();
  // Every imported question lands as a draft (issue 18.9), concept and coding alike.
  expect(drafts.sort()).toEqual([`${prefix}-3`, `${prefix}-4-1-1`, `${prefix}-4-1-2`, `${prefix}-4-2-1`, `${prefix}-4-2-2`]);
  await page.check(`input[aria-label="Select ${prefix}-4-2-1"]`);
  await page.click('button:text-is("Publish")');
  const alert = page.locator('.banner-error[role="alert"]');
  await alert.waitFor({ timeout: 60_000 });
  expect(await alert.textContent()).toMatch(/Nothing was published.*Python reference solution is missing/);

  await go("/admin/audit?action=bank.import");
  expect(await page.locator("table.list tbody tr").first().textContent()).toMatch(/bank\.import.*"created":5/);
  await screenshot(page, "admin-06-audit-log");
});

test("a candidate sees the published question and solves it", async () => {
  await s.context.clearCookies();
  await go("/sign-up");
  await page.fill('input[name="name"]', "E2E Candidate 2");
  await page.fill('input[name="email"]', candidateEmail);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/questions/);

  await go(`/questions?q=${slug}`);
  const slugs = await page.locator('[data-testid="question-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-slug")));
  expect(slugs).toContain(slug);

  await go(`/questions/${slug}`);
  await page.locator('[data-testid="submit-button"]').waitFor();
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(PY_REFERENCE);
  await page.click('[data-testid="submit-button"]');
  const results = page.locator('[data-testid="results"]');
  await results.waitFor();
  await page.waitForFunction(() => ["done", "failed"].includes(document.querySelector('[data-testid="results"]')?.getAttribute("data-status") ?? ""), undefined, { timeout: 120_000 });
  await screenshot(page, "admin-04-candidate-solved");
  expect(await results.getAttribute("data-verdict")).toBe("AC");
});

test("the candidate cannot open the admin area", async () => {
  const response = await go("/admin/questions");
  expect(response?.status()).toBe(404);
  expect(await page.content()).not.toContain(slug);
});
