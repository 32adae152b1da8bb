/**
 * The mock interview's timer as the server renders it (ADR 0605, WCAG 2.2.1): no warning while time is plentiful; a
 * static alert with a one-time extension in the last two minutes; no second extension; locked boxes at the deadline.
 * The clock is the server's (serverNow), whatever the device's clock says.
 */
import { renderToStaticMarkup } from "react-dom/server";

jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh: jest.fn() }) }));
jest.mock("@/app/mock/actions", () => ({
  saveMockAnswerAction: jest.fn(),
  attachMockSubmitAction: jest.fn(),
  extendMockAction: jest.fn(),
  finishMockAction: jest.fn(),
}));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MockRunner } = require("@/app/mock/[id]/mock-runner") as typeof import("@/app/mock/[id]/mock-runner");

const question = { slug: "kv-cache-basics", kind: "concept" as const, title: "What is the KV cache?", bodyHtml: "<p>Explain.</p>", contentLocale: "en" as const, minutes: 5, text: "saved text", coding: null };
const NOW = "2026-01-01T10:00:00.000Z";
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

function render(leftMs: number, extended = false, locale: "en" | "zh" = "en"): string {
  return renderToStaticMarkup(<MockRunner id="m1" locale={locale} deadline={at(leftMs)} serverNow={NOW} extended={extended} questions={[question]} initialIndex={0} />);
}

describe("MockRunner timer", () => {
  it("shows the time left and the saved answer, without a warning, when time is plentiful", () => {
    const html = render(10 * 60_000);
    expect(html).toContain("Time left: 10:00");
    expect(html).toContain("saved text");
    expect(html).not.toContain('data-testid="mock-warning"');
  });

  it("warns in the last two minutes with a static alert and offers the one extension", () => {
    const html = render(90_000);
    expect(html).toMatch(/<div class="notice" role="alert" data-testid="mock-warning">Less than two minutes left: answers lock at the deadline\./);
    expect(html).toContain('data-testid="mock-extend"');
    expect(html).toContain("Extend by 5 minutes (once)");
    expect(render(90_000, false, "zh")).toContain("延长 5 分钟（仅一次）");
  });

  it("offers no second extension", () => {
    const html = render(90_000, true);
    expect(html).toContain('data-testid="mock-warning"');
    expect(html).not.toContain('data-testid="mock-extend"');
    expect(html).toContain("Extended once.");
  });

  it("locks the answer box at the deadline", () => {
    const html = render(-1000);
    expect(html).toContain("Time is up: answers are locked.");
    expect(html).toMatch(/<textarea[^>]*disabled=""/);
    expect(html).not.toContain('data-testid="mock-warning"');
  });
});
