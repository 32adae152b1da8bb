/** The result of "Validate": per language, per test verdict, stage timings and what went wrong. */
import type { ValidationReport } from "@/lib/use-cases/admin/validate-question";

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

export function ValidationReportView({ report }: { report: ValidationReport }) {
  return (
    <section className="editor-section" aria-labelledby="validation-heading" data-testid="validation-report" data-ok={report.ok}>
      <h3 id="validation-heading">
        Validation {report.ok ? <span className="verdict-AC">passed</span> : <span className="verdict-WA">failed</span>}{" "}
        <span className="muted small">{new Date(report.validatedAt).toLocaleString()}</span>
      </h3>
      {report.problems.length ? (
        <ul className="field-errors">
          {report.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {report.languages.map((language) => (
        <div key={language.language} className="card" style={{ marginBottom: 8 }}>
          <strong>{language.language}</strong> <span className={`verdict-${language.verdict}`}>{language.verdict}</span> <span className="muted small">{ms(language.wallMs)} total</span>
          {language.compileError ? <p className="error">{language.compileError}</p> : null}
          <table className="list">
            <thead>
              <tr>
                <th>Test</th>
                <th>Verdict</th>
                <th>input</th>
                <th>forward</th>
                <th>post</th>
                <th>wall</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {language.tests.map((t) => (
                <tr key={t.index} data-testid={`validation-${language.language}-${t.index}`} data-verdict={t.verdict}>
                  {/* Test names wrap between words, never one letter per line (table.list td:first-child breaks anywhere). */}
                  <td style={{ minWidth: "12em", overflowWrap: "normal", wordBreak: "normal" }}>
                    {t.index + 1}
                    {t.name ? ` ${t.name}` : ""}
                  </td>
                  <td className={`verdict-${t.verdict}`}>
                    {t.verdict}
                    {t.checked ? "" : " (unchecked)"}
                  </td>
                  <td>{ms(t.stages.inputMs)}</td>
                  <td>{ms(t.stages.forwardMs)}</td>
                  <td>{ms(t.stages.postMs)}</td>
                  <td>{ms(t.wallMs)}</td>
                  <td style={{ maxWidth: "40em", overflowWrap: "anywhere" }}>
                    {t.diff ? <div className="error">{t.diff}</div> : null}
                    {t.error ? <div className="error">{t.error}</div> : null}
                    {t.got !== undefined ? <pre className="json-box">got {JSON.stringify(t.got)}</pre> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
