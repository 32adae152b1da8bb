"use client";
/**
 * The question editor: metadata, zh/en content with a live preview rendered by the server (same renderer as the
 * candidate page), and for coding questions the per-language entries, starter code, reference solutions, test
 * table, checker and limits, plus Validate / Generate expected outputs. Saving sends the version the editor was
 * loaded at; a CONFLICT leaves the form as it is so nothing typed is lost.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import type { Question } from "@/lib/bank/schema";
import type { ValidationReport } from "@/lib/use-cases/admin/validate-question";
import { generateExpectedAction, readValidationAction, saveQuestionAction, startValidationAction } from "../actions";
import {
  blankState,
  LIMIT_FIELDS,
  questionFromState,
  stateFromQuestion,
  type CodeLanguage,
  type EditorState,
  type LocaleKey,
} from "./editor-state";
import { ValidationReportView } from "./validation-report";
import { CheckerFields } from "./checker-fields";
import { CodeField } from "./code-field";
import { Errors, type FieldErrors } from "./field-errors";
import { TestTable } from "./test-table";
import { usePreview } from "./use-preview";

type Banner = { ok: boolean; text: string; conflict?: boolean } | null;

export interface QuestionEditorProps {
  initial: Question | null;
  version: number | null;
  limitMaxima: Record<string, number>;
  tagOptions: string[];
}

/** How often the editor asks how a validation on the grader is going. */
const VALIDATION_POLL_MS = 500;

const CONTENT_FIELDS = [
  ["title", "Title"],
  ["body", "Statement (Markdown)"],
  ["answer", "Reference answer (Markdown)"],
  ["keyPoints", "Key points (one per line)"],
  ["explanation", "Explanation (Markdown)"],
  ["probes", "Follow-up probes, shown after an answer (one per line, Markdown)"],
] as const;
type PreviewField = "body" | "answer" | "explanation";

export function QuestionEditor({ initial, version: initialVersion, limitMaxima, tagOptions }: QuestionEditorProps) {
  const router = useRouter();
  const isNew = initial === null;
  const [state, setState] = useState<EditorState>(() => (initial ? stateFromQuestion(initial) : blankState()));
  const [version, setVersion] = useState<number | null>(initialVersion);
  const [locale, setLocale] = useState<LocaleKey>("zh");
  const [previewField, setPreviewField] = useState<PreviewField>("body");
  const [codeLanguage, setCodeLanguage] = useState<CodeLanguage>("python");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<Banner>(null);
  const [report, setReport] = useState<ValidationReport | null>(null);
  const [tagDraft, setTagDraft] = useState("");
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  const preview = usePreview(state.content[locale][previewField]);
  const set = (patch: Partial<EditorState>) => setState((s) => ({ ...s, ...patch }));
  const setContent = (field: keyof EditorState["content"]["zh"], value: string | boolean) =>
    setState((s) => ({ ...s, content: { ...s.content, [locale]: { ...s.content[locale], [field]: value } } }));
  const setLanguage = (language: CodeLanguage, patch: Partial<EditorState["languages"]["python"]>) =>
    setState((s) => ({ ...s, languages: { ...s.languages, [language]: { ...s.languages[language], ...patch } } }));
  const tagChoices = useMemo(() => [...new Set(tagOptions)].filter((t) => !state.tags.includes(t)), [tagOptions, state.tags]);

  function currentQuestion(): Record<string, unknown> | null {
    const { question, errors: jsonErrors } = questionFromState(state);
    if (Object.keys(jsonErrors).length) {
      setErrors(jsonErrors);
      setBanner({ ok: false, text: "Fix the highlighted fields first." });
      return null;
    }
    return question;
  }

  function act(label: string, work: () => Promise<void>) {
    setBusy(label);
    startTransition(async () => {
      try {
        await work();
      } finally {
        setBusy(null);
      }
    });
  }

  function save() {
    const question = currentQuestion();
    if (!question) return;
    act("Saving", async () => {
      const result = await saveQuestionAction(question, version);
      if (result.ok) {
        setErrors({});
        setVersion(result.value.version);
        setBanner({ ok: true, text: `Saved as version ${result.value.version} (${result.value.summary}).` });
        // The form already shows what was saved; only a new question moves to its own URL.
        if (isNew) router.replace(`/admin/questions/${result.value.slug}`);
      } else {
        setErrors(result.fields ?? {});
        setBanner({ ok: false, text: result.error === "CONFLICT" ? `Conflict: ${result.message}` : result.message, conflict: result.error === "CONFLICT" && !isNew });
      }
    });
  }

  function validate() {
    const question = currentQuestion();
    if (!question) return;
    act("Validating", async () => {
      // The references run on a grader worker (a job on the grading queue): start it, then poll until the report is
      // in. "No grader available" (nothing can run it) comes back as an error result at once, never as a wait.
      const started = await startValidationAction(question);
      if (!started.ok) {
        setErrors(started.fields ?? {});
        setBanner({ ok: false, text: started.message });
        return;
      }
      let found: ValidationReport | null = "report" in started.value ? started.value.report : null;
      const requestId = "id" in started.value ? started.value.id : "";
      setBusy("Queued, waiting for a grader");
      while (!found) {
        await new Promise((resolve) => setTimeout(resolve, VALIDATION_POLL_MS));
        const seen = await readValidationAction(requestId);
        if (!seen.ok) {
          setBanner({ ok: false, text: seen.message });
          return;
        }
        if (seen.value.state === "done") found = seen.value.report;
        else setBusy(seen.value.state === "running" ? "Running the reference solutions on a grader" : "Queued, waiting for a grader");
      }
      const report = found;
      setErrors({});
      setReport(report);
      setBanner({ ok: report.ok, text: report.ok ? "Every reference solution passes every test." : `Validation failed: ${report.problems.length} problem(s).` });
    });
  }

  function generateExpected() {
    const question = currentQuestion();
    if (!question) return;
    act("Generating expected outputs", async () => {
      const result = await generateExpectedAction(question);
      if (result.ok) {
        setErrors({});
        const filled = stateFromQuestion(result.value.question).tests;
        setState((s) => ({ ...s, tests: s.tests.map((row, i) => (result.value.filled.includes(i) ? { ...row, expectedText: filled[i].expectedText } : row)) }));
        setBanner({ ok: true, text: result.value.filled.length ? `Filled expected values of test(s) ${result.value.filled.map((i) => i + 1).join(", ")} from the Python reference. Save to keep them.` : "Every test already has an expected value." });
      } else {
        setBanner({ ok: false, text: result.message });
      }
    });
  }

  const content = state.content[locale];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="toolbar" role="toolbar" aria-label="Editor actions">
        <button type="submit" className="primary" data-testid="save" disabled={pending}>
          {isNew ? "Create" : "Save"}
        </button>
        {state.kind === "coding" ? (
          <>
            <button type="button" data-testid="validate" onClick={validate} disabled={pending}>
              Validate
            </button>
            <button type="button" data-testid="generate-expected" onClick={generateExpected} disabled={pending}>
              Generate expected outputs
            </button>
          </>
        ) : null}
        {!isNew ? <Link href={`/admin/questions/${state.slug}/history`}>History</Link> : null}
        {!isNew && state.status === "published" ? <Link href={`/questions/${state.slug}`}>View as candidate</Link> : null}
        <span className="muted">{version ? `editing version ${version}` : "new question"}</span>
        {busy ? <span aria-live="polite">{busy}…</span> : null}
      </div>
      {banner ? (
        <div className={`banner ${banner.ok ? "banner-ok" : "banner-error"}`} role={banner.ok ? "status" : "alert"} data-testid="editor-banner" data-ok={banner.ok}>
          {banner.text}
          {banner.conflict ? (
            <>
              {" "}
              <a href={`/admin/questions/${state.slug}/history`} target="_blank" rel="noreferrer">
                See what changed (opens the history; your form stays as it is)
              </a>
            </>
          ) : null}
          <Errors errors={errors} path="coding" />
          {Object.keys(errors).some((k) => k === "(root)" || k === "content") ? <Errors errors={errors} path="content" /> : null}
        </div>
      ) : null}

      <section className="editor-section" aria-labelledby="meta-heading">
        <h2 id="meta-heading">Question</h2>
        <div className="editor-row">
          <label>
            Slug
            <input
              data-testid="slug"
              value={state.slug}
              readOnly={!isNew}
              required
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              title="lowercase letters, digits and single dashes"
              onChange={(e) => set({ slug: e.target.value.toLowerCase() })}
              aria-describedby="slug-help"
            />
            <span id="slug-help" className="small muted">
              {isNew ? "3–80 chars: a-z, 0-9, single dashes. Cannot change later." : "Stable: links and submissions point at it."}
            </span>
            <Errors errors={errors} path="slug" />
          </label>
          <label>
            Kind
            <select data-testid="kind" value={state.kind} disabled={!isNew} onChange={(e) => set({ kind: e.target.value as EditorState["kind"] })}>
              <option value="concept">concept</option>
              <option value="coding">coding</option>
            </select>
          </label>
          <label>
            Difficulty
            <select value={state.difficulty} onChange={(e) => set({ difficulty: e.target.value as EditorState["difficulty"] })}>
              <option value="easy">easy</option>
              <option value="medium">medium</option>
              <option value="hard">hard</option>
            </select>
          </label>
          <label>
            Status
            <select data-testid="status" value={state.status} onChange={(e) => set({ status: e.target.value as EditorState["status"] })}>
              <option value="draft">draft</option>
              <option value="published">published</option>
            </select>
          </label>
        </div>
        <div className="editor-row" style={{ marginTop: 8 }}>
          <div>
            <strong>Tags</strong>{" "}
            {state.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}{" "}
                <button type="button" className="link-button" aria-label={`Remove tag ${tag}`} onClick={() => set({ tags: state.tags.filter((t) => t !== tag) })}>
                  ×
                </button>
              </span>
            ))}
            <input
              list="tag-options"
              data-testid="tag-input"
              aria-label="Add tag"
              placeholder="add tag"
              value={tagDraft}
              onChange={(e) => {
                const value = e.target.value;
                // Picking an option from the datalist fills the whole name at once: add it immediately.
                if (tagChoices.includes(value)) {
                  set({ tags: [...state.tags, value] });
                  setTagDraft("");
                } else setTagDraft(value);
              }}
              onKeyDown={(e) => {
                if (e.key !== "Enter") return;
                // Enter adds the tag; it must never submit (save) the whole form.
                e.preventDefault();
                if (tagDraft.trim()) {
                  if (!state.tags.includes(tagDraft.trim())) set({ tags: [...state.tags, tagDraft.trim()] });
                  setTagDraft("");
                }
              }}
            />
            <datalist id="tag-options">
              {tagChoices.map((t) => (
                <option key={t} value={t} />
              ))}
            </datalist>
            <Errors errors={errors} path="tags" />
          </div>
        </div>
      </section>

      <section className="editor-section" aria-labelledby="content-heading">
        <h2 id="content-heading">Content</h2>
        <div className="tabs" role="tablist" aria-label="Language">
          {(["zh", "en"] as const).map((l) => (
            <button key={l} type="button" role="tab" aria-selected={locale === l} onClick={() => setLocale(l)}>
              {l === "zh" ? "中文 (zh)" : "English (en)"}
              {state.content[l].enabled ? "" : " — off"}
            </button>
          ))}
        </div>
        <label className="small">
          <input type="checkbox" checked={content.enabled} onChange={(e) => setContent("enabled", e.target.checked)} /> This question has {locale === "zh" ? "Chinese" : "English"} content
        </label>
        <Errors errors={errors} path="content" />
        {content.enabled ? (
          <div className="editor-grid">
            <div className="editor-fields">
              {CONTENT_FIELDS.map(([field, label]) => (
                <label key={field}>
                  {label}
                  {field === "title" ? (
                    <input data-testid={`${locale}-title`} value={content.title} onChange={(e) => setContent("title", e.target.value)} />
                  ) : (
                    <textarea
                      data-testid={`${locale}-${field}`}
                      value={content[field]}
                      rows={field === "keyPoints" || field === "probes" ? 4 : 8}
                      onFocus={() => field !== "keyPoints" && field !== "probes" && setPreviewField(field)}
                      onChange={(e) => setContent(field, e.target.value)}
                    />
                  )}
                  <Errors errors={errors} path={`content.${locale}.${field}`} />
                </label>
              ))}
            </div>
            <div>
              <div className="editor-row">
                <strong>Preview</strong>
                <select aria-label="Field to preview" value={previewField} onChange={(e) => setPreviewField(e.target.value as PreviewField)}>
                  <option value="body">statement</option>
                  <option value="answer">reference answer</option>
                  <option value="explanation">explanation</option>
                </select>
              </div>
              <div className="preview markdown" data-testid="preview" aria-live="polite" dangerouslySetInnerHTML={{ __html: preview.html }} />
              {preview.error ? <p className="error">{preview.error}</p> : null}
              {preview.removed.length ? <p className="error small">Removed by the sanitizer (candidates will not see it): {preview.removed.join(", ")}</p> : null}
            </div>
          </div>
        ) : null}
      </section>

      {state.kind === "coding" ? (
        <section className="editor-section" aria-labelledby="coding-heading">
          <h2 id="coding-heading">Coding</h2>
          <div className="editor-row">
            <label>
              Parameters (in call order; the harness appends engine)
              <input data-testid="params" value={state.params} onChange={(e) => set({ params: e.target.value })} placeholder="text, label" />
              <Errors errors={errors} path="coding.params" />
            </label>
          </div>
          <div className="tabs" role="tablist" aria-label="Language">
            {(["python", "javascript", "typescript"] as const).map((l) => (
              <button key={l} type="button" role="tab" data-testid={`language-${l}`} aria-selected={codeLanguage === l} onClick={() => setCodeLanguage(l)}>
                {l}
                {state.languages[l].enabled ? "" : " — off"}
              </button>
            ))}
          </div>
          {codeLanguage === "typescript" ? (
            <label className="small">
              <input type="checkbox" checked={state.languages.typescript.enabled} onChange={(e) => setLanguage("typescript", { enabled: e.target.checked })} /> TypeScript has its own
              starter/reference (otherwise candidates get the JavaScript entry)
            </label>
          ) : null}
          {state.languages[codeLanguage].enabled ? (
            <div className="editor-fields">
              <label>
                Entry function
                <input data-testid="entry" value={state.languages[codeLanguage].entry} onChange={(e) => setLanguage(codeLanguage, { entry: e.target.value })} />
                <Errors errors={errors} path={`coding.languages.${codeLanguage}.entry`} />
              </label>
              <div className="editor-grid">
                <CodeField key={`${codeLanguage}-starter`} language={codeLanguage} label={`${codeLanguage} starter code`} value={state.languages[codeLanguage].starter} onChange={(v) => setLanguage(codeLanguage, { starter: v })} />
                <CodeField key={`${codeLanguage}-reference`} language={codeLanguage} label={`${codeLanguage} reference solution`} value={state.languages[codeLanguage].reference} onChange={(v) => setLanguage(codeLanguage, { reference: v })} />
              </div>
              <Errors errors={errors} path={`coding.languages.${codeLanguage}`} />
            </div>
          ) : null}
          <h3>Tests</h3>
          <TestTable tests={state.tests} onChange={(tests) => set({ tests })} errors={errors} />
          <h3>Checking and limits</h3>
          <CheckerFields checker={state.checker} onChange={(checker) => set({ checker })} />
          <div className="editor-row" style={{ marginTop: 8 }}>
            {LIMIT_FIELDS.map((name) => (
              <label key={name}>
                {name} (≤ {limitMaxima[name]})
                <input
                  type="number"
                  min={1}
                  max={limitMaxima[name]}
                  placeholder="default"
                  value={state.limits[name] ?? ""}
                  onChange={(e) => set({ limits: { ...state.limits, [name]: e.target.value } })}
                  style={{ width: 120 }}
                />
                <Errors errors={errors} path={`coding.limits.${name}`} />
              </label>
            ))}
          </div>
          {report ? <ValidationReportView report={report} /> : null}
        </section>
      ) : null}
    </form>
  );
}
