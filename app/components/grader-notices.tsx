/**
 * What the results panel says when no grader can take a submission (docs/adr/1103-submissions-without-a-grader.md):
 * the waiting note of an accepted submission (none online / none for its language), and the refusal of a Run or
 * Submit that was not stored (POST answered 503). English comes from the server's message; Chinese is kept here,
 * beside the only place that shows it.
 */
import type { Locale } from "@/lib/bank/schema";
import type { GraderRefusal, GraderWait, SubmissionLanguage } from "@/lib/grader/submission-contract";

const LANGUAGE_NAMES: Record<SubmissionLanguage, string> = { python: "Python", javascript: "JavaScript", typescript: "TypeScript" };

const ZH_WAITING: Record<GraderWait["reason"], (language: string) => string> = {
  "no-grader-online": () => "正在等待评测机——目前没有在线的评测机。你的提交已保存，评测机一启动就会开始评测。",
  "no-grader-for-language": (language) => `正在等待评测机——在线的评测机目前无法运行 ${language}（启动自检未通过）。你的提交已保存，一旦可以评测就会开始。`,
};

/** The note under the results head while an accepted submission has nobody to grade it. */
export function GraderWaitingNote({ waiting, language, locale }: { waiting: GraderWait; language: SubmissionLanguage; locale: Locale }) {
  const text = locale === "zh" ? ZH_WAITING[waiting.reason](LANGUAGE_NAMES[language]) : waiting.message;
  return (
    <p className="notice" role="status" data-testid="grader-waiting" data-reason={waiting.reason}>
      {text}
    </p>
  );
}

/**
 * The results panel of a Run or Submit the server refused because no grader can run its language. The code stays in
 * the editor (nothing here touches it); the panel says so, and when to try again.
 */
export function GraderRefusedPanel({ refusal, language, locale }: { refusal: GraderRefusal; language: SubmissionLanguage; locale: Locale }) {
  const name = LANGUAGE_NAMES[language];
  const seconds = refusal.retryAfterSeconds;
  return (
    <section className="results" role="alert" data-testid="grader-unavailable" data-status="refused">
      <header className="results-head">
        <span className="verdict verdict-bad">{locale === "zh" ? "无法评测" : "Not graded"}</span>
        <span className="muted">{locale === "zh" ? "评测机不可用" : "no grader available"}</span>
      </header>
      <p className="error">
        {locale === "zh"
          ? `目前没有评测机能运行 ${name}：在线的评测机启动自检未通过。这不是你的代码的问题，本次没有提交。`
          : refusal.message}
      </p>
      <p className="muted small">
        {locale === "zh"
          ? `你的代码仍在编辑器中。请约 ${seconds} 秒后重试；若一直如此，需要站点管理员修复评测机。`
          : `Your code is still in the editor. Try again in about ${seconds} s.`}
      </p>
    </section>
  );
}
