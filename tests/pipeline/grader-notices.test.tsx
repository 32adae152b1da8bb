/**
 * The results panel when no grader can take a submission (ADR 1103), as server-rendered markup: the waiting note of an
 * accepted submission in both languages, gone once the submission is final, and the panel of a refused Run/Submit.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { GraderRefusedPanel } from "@/app/components/grader-notices";
import { SubmissionResults } from "@/app/components/submission-results";
import type { SubmissionView } from "@/lib/grader/submission-contract";

const none = { reason: "no-grader-online" as const, message: "Waiting for a grader — none is online right now. Your submission is saved and will be graded as soon as one starts." };
const queued: SubmissionView = {
  id: "s1", questionSlug: "semantic-vector", language: "python", mode: "run", status: "queued", verdict: null, score: null,
  createdAt: "2026-01-01T00:00:00Z", finishedAt: null, code: "def f(): pass", waiting: none, tests: [],
};

test("a queued submission with no grader online says so instead of only spinning", () => {
  const html = renderToStaticMarkup(<SubmissionResults submission={queued} locale="en" />);
  expect(html).toContain('data-testid="grader-waiting"');
  expect(html).toContain("Waiting for a grader — none is online right now.");
  const zh = renderToStaticMarkup(<SubmissionResults submission={queued} locale="zh" />);
  expect(zh).toContain("目前没有在线的评测机");
});

test("no note when a grader will take it, or once the submission is final", () => {
  expect(renderToStaticMarkup(<SubmissionResults submission={{ ...queued, waiting: null }} locale="en" />)).not.toContain("grader-waiting");
  const done = { ...queued, status: "done" as const, verdict: "AC" as const, score: 1, finishedAt: "2026-01-01T00:00:01Z" };
  expect(renderToStaticMarkup(<SubmissionResults submission={done} locale="en" />)).not.toContain("grader-waiting");
});

test("a note for a language no online grader can run names the language in Chinese too", () => {
  const html = renderToStaticMarkup(
    <SubmissionResults submission={{ ...queued, language: "typescript", waiting: { reason: "no-grader-for-language", message: "…" } }} locale="zh" />,
  );
  expect(html).toContain('data-reason="no-grader-for-language"');
  expect(html).toContain("无法运行 TypeScript");
});

test("a refused Run shows the server's message, that the code is still in the editor, and when to retry", () => {
  const refusal = { error: "GRADER_UNAVAILABLE" as const, message: "No grader can run Python right now: …", retryAfterSeconds: 30 };
  const html = renderToStaticMarkup(<GraderRefusedPanel refusal={refusal} language="python" locale="en" />);
  expect(html).toContain('data-testid="grader-unavailable"');
  expect(html).toContain('role="alert"');
  expect(html).toContain("No grader can run Python right now: …");
  expect(html).toContain("Your code is still in the editor. Try again in about 30 s.");
  expect(renderToStaticMarkup(<GraderRefusedPanel refusal={refusal} language="python" locale="zh" />)).toContain("你的代码仍在编辑器中");
});
