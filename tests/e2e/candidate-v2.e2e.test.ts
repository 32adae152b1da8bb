/**
 * Issue 18, the study loop and the mock interview, in real Chromium against the production build (zh and en):
 * a negated concept answer is not called correct and its contradicted key points are marked; an answer left unrated
 * appears in /review (prompt first, reveal, intervals on the rating buttons, refresh to the next card) and in the
 * header's due count; the self-assessment decides the rating; a mock interview survives a reload and ends in a report
 * with your answers and the references, listed in the history. Screenshots in tests/e2e/screenshots/ (v2-*).
 */
import type { Page } from "playwright-core";
import { externalRequests, openBrowser, screenshot, type Session } from "./browser";
import { BASE_URL } from "./server";

let s: Session;
let page: Page;
const email = `e2e-v2-${Date.now()}@example.com`;
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
const setLocale = (locale: "zh" | "en") => s.context.addCookies([{ name: "clockwise-locale", value: locale, url: BASE_URL }]);

async function answerConcept(slug: string, answer: string): Promise<{ verdict: string | null; contradicted: number }> {
  await go(`/questions/${slug}`);
  await page.fill('[data-testid="concept-answer"]', answer);
  await page.click('[data-testid="concept-submit"]');
  await page.locator('[data-testid="concept-result"]').waitFor();
  const verdict = await page.locator('[data-testid="concept-verdict"]').getAttribute("data-verdict");
  const contradicted = await page.locator('[data-testid="keypoint"][data-contradicted="true"]').count();
  return { verdict, contradicted };
}

test("sign up (English UI)", async () => {
  await setLocale("en");
  await go("/sign-up");
  await page.fill('input[name="name"]', "Study Loop");
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/questions/);
});

test("en: a negated answer is not scored as correct, and the contradicted key points say so", async () => {
  const result = await answerConcept(
    "special-tokens-bert",
    "[CLS] is NOT used for classification; its hidden state is thrown away. [SEP] doesn't separate sentences, and [PAD] is not ignored by the attention mask.",
  );
  expect(result.verdict).not.toBe("correct");
  expect(result.contradicted).toBeGreaterThanOrEqual(2);
  expect(await page.locator('[data-testid="concept-verdict"]').textContent()).toMatch(/hint/i);
  // The self-assessment is offered, each point starting from the automatic check; nothing is rated yet.
  expect(await page.locator('[data-testid="assess-point"]').count()).toBe(4);
  await screenshot(page, "v2-01-en-negated-answer");
});

test("en: the unrated answer is due in /review: prompt first, reveal, intervals on the buttons, then the next card", async () => {
  await go("/review");
  const card = page.locator('[data-testid="review-card"]');
  await card.waitFor();
  expect(await card.getAttribute("data-slug")).toBe("special-tokens-bert");
  expect(Number(await page.locator('[data-testid="nav-due-count"]').textContent())).toBeGreaterThanOrEqual(1);
  expect(await page.locator('[data-testid="review-prompt"]').textContent()).toMatch(/\[CLS\]/);
  expect(await page.locator('[data-testid="review-answer"]').count()).toBe(0); // the answer is hidden until revealed
  await screenshot(page, "v2-02-en-review-prompt");

  await page.click('[data-testid="review-reveal"]');
  await page.locator('[data-testid="review-answer"]').waitFor();
  expect(await page.locator('[data-testid="review-answer"]').textContent()).toMatch(/not rated yet/);
  const labels = await page.locator('[data-testid="recall-rating"] button').allTextContents();
  expect(labels).toEqual([expect.stringMatching(/^Again · 1m$/), expect.stringMatching(/^Hard · 6m$/), expect.stringMatching(/^Good · 10m$/), expect.stringMatching(/^Easy · \d+d$/)]);
  await screenshot(page, "v2-03-en-review-revealed");

  await page.click('[data-testid="rate-good"]');
  await page.locator('[data-testid="review-empty"], [data-testid="review-card"]:not([data-slug="special-tokens-bert"])').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="review-card"][data-slug="special-tokens-bert"]'));
  // Rated: it is upcoming with a relative due time, and the header count went down.
  const upcoming = await page.locator('[data-testid="review-item"][data-slug="special-tokens-bert"]').textContent();
  expect(upcoming).toMatch(/due in 10 minutes/);
  expect(await page.locator('[data-testid="nav-due-count"]').count()).toBe(0);
  await screenshot(page, "v2-04-en-review-after-rating");
});

test("zh: a negated answer is not correct; the self-assessment gives the rating and schedules it", async () => {
  await setLocale("zh");
  const result = await answerConcept("kv-cache-basics", "KV cache 并不保存之前位置的 key 和 value，因为因果掩码下它们每一步都会变化，不能复用。每个 decode 步不是只计算新 token 的 Q、K、V。显存不会随序列长度和批大小增长。");
  expect(result.verdict).not.toBe("correct");
  expect(result.contradicted).toBeGreaterThanOrEqual(1);
  const points = await page.locator('[data-testid="assess-point"]').count();
  for (let i = 0; i < points; i++) await page.locator(`[data-testid="assess-${i}-missed"]`).check();
  await page.locator('[data-testid="assess-0-partly"]').check(); // ½ of 5 points → Again
  expect(await page.locator('[data-testid="assess-rating"]').textContent()).toMatch(/对应评分：重来 · 下次复习 1分钟/);
  await page.click('[data-testid="assess-save"]');
  const saved = page.locator('[data-testid="assess-saved"]');
  await saved.waitFor();
  expect(await saved.textContent()).toMatch(/已评为重来。下次复习 1分钟后/);
  // Focus follows the result (not <body>).
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("assess-saved");
  await screenshot(page, "v2-05-zh-self-assessment");
});

async function mockSurvivesReload(locale: "zh" | "en", answer: string): Promise<string> {
  await setLocale(locale);
  await go("/mock");
  await page.selectOption('[data-testid="mock-topic"]', "kv-cache");
  await page.selectOption('[data-testid="mock-duration"]', "20");
  await page.click('[data-testid="mock-start"]');
  await page.waitForURL(/\/mock\/[a-z0-9]+$/);
  const url = page.url();
  await page.locator('[data-testid="mock-timer"]').waitFor();
  const title = await page.locator('[data-testid="mock-question-title"]').textContent();
  await page.fill('[data-testid="mock-answer"]', answer);
  await page.locator('[data-testid="mock-answer"]').blur();
  await page.waitForFunction(() => (document.querySelector('[data-testid="mock-saved"]')?.textContent ?? "").length > 0);

  await page.reload({ waitUntil: "domcontentloaded" });
  await page.locator('[data-testid="mock-answer"]').waitFor();
  expect(page.url()).toBe(url);
  expect(await page.locator('[data-testid="mock-question-title"]').textContent()).toBe(title);
  expect(await page.locator('[data-testid="mock-answer"]').inputValue()).toBe(answer);
  expect(await page.locator('[data-testid="mock-timer"]').textContent()).toMatch(/1\d:\d\d|20:00/);
  return url;
}

test("zh: a mock interview survives a reload and mixes a coding task into 20 minutes", async () => {
  await mockSurvivesReload("zh", "KV cache 缓存每一层之前 token 的 key 和 value，它们在因果掩码下保持不变，可以复用。");
  let kinds = "";
  for (let i = 0; i < 8; i++) {
    kinds += (await page.locator('[data-testid="mock-runner"] p.muted').first().textContent()) ?? "";
    if (await page.locator('[data-testid="mock-next"]').isDisabled()) break;
    await page.click('[data-testid="mock-next"]');
  }
  expect(kinds).toMatch(/概念题/);
  expect(kinds).toMatch(/编程题/);
  await page.locator('[data-testid="mock-open-editor"]').waitFor();
  await screenshot(page, "v2-06-zh-mock-after-reload");
});

test("en: a mock interview survives a reload, then ends in a report with the answer and the reference, listed in the history", async () => {
  const answer = "The KV cache keeps every layer's keys and values of earlier positions; each decode step computes Q, K and V for the new token only.";
  const url = await mockSurvivesReload("en", answer);
  await screenshot(page, "v2-07-en-mock-after-reload");
  await page.click('[data-testid="mock-finish"]');
  const report = page.locator('[data-testid="mock-report"]');
  await report.waitFor();
  expect(await report.textContent()).toMatch(/Answered 1 of/);
  expect(await page.locator('[data-testid="mock-report-answer"]').first().textContent()).toBe(answer);
  expect(await report.textContent()).toMatch(/Reference/);
  await screenshot(page, "v2-08-en-mock-report");

  // A reload of a finished interview shows the same report; the history links to it.
  await page.reload({ waitUntil: "domcontentloaded" });
  await report.waitFor();
  await go("/mock");
  const row = page.locator(`[data-testid="mock-history-row"][data-id="${url.split("/").pop()}"]`);
  await row.waitFor();
  expect(await row.textContent()).toMatch(/finished/);
  await screenshot(page, "v2-09-en-mock-history");
});

test("no request left localhost", () => {
  expect(externalRequests(s.requests)).toEqual([]);
});
