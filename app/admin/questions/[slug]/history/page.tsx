import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/guards";
import { diffQuestionVersions, listQuestionVersions } from "@/lib/use-cases/admin/question-versions";
import { isAppError } from "@/lib/errors";
import { RestoreVersionButton } from "./restore-version-button";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const asInt = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n > 0 ? n : null;
};

function show(value: unknown): string {
  return value === undefined ? "(none)" : typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** /admin/questions/[slug]/history?from=&to=: versions (who, when, what changed), a diff, and restore. */
export default async function HistoryPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: SearchParams }) {
  const { slug } = await params;
  const query = await searchParams;
  const actor = await currentActor();
  const history = await listQuestionVersions({ actor, slug }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const to = asInt(query.to) ?? history.current;
  const from = asInt(query.from) ?? Math.max(1, to - 1);
  const diff = history.versions.length > 1 ? await diffQuestionVersions({ actor, slug, from, to }).catch(() => null) : null;
  return (
    <>
      <h1>
        History of <code>{slug}</code>
      </h1>
      <p>
        <Link href={`/admin/questions/${slug}`}>← Back to the editor</Link> · current version v{history.current}
      </p>
      <table className="list">
        <thead>
          <tr>
            <th>Version</th>
            <th>When</th>
            <th>Who</th>
            <th>What changed</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {history.versions.map((v) => (
            <tr key={v.version}>
              <td>v{v.version}</td>
              <td>
                <time dateTime={v.createdAt.toISOString()}>{v.createdAt.toISOString().slice(0, 19).replace("T", " ")}</time>
              </td>
              <td>{v.author ? `${v.author.name} <${v.author.email}>` : versionSource(v.summary)}</td>
              <td>{readableSummary(v.summary)}</td>
              <td>
                {v.version > 1 ? <Link href={`?from=${v.version - 1}&to=${v.version}`}>diff with v{v.version - 1}</Link> : null}{" "}
                {v.version !== history.current ? <Link href={`?from=${v.version}&to=${history.current}`}>diff with current</Link> : null}{" "}
                {v.version !== history.current ? <RestoreVersionButton slug={slug} version={v.version} expectedVersion={history.current} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff ? (
        <section className="editor-section">
          <h2>
            Changes from v{diff.from} to v{diff.to}
          </h2>
          {diff.fields.length === 0 ? <p className="muted">No differences.</p> : null}
          {diff.fields.map((field) => (
            <div key={field.path} className="card" style={{ marginBottom: 8 }}>
              <strong>{field.path}</strong>
              {field.lines ? (
                <pre className="diff-lines">
                  {field.lines.map((line, i) => (
                    <span key={i} className={line.op === "add" ? "diff-add" : line.op === "del" ? "diff-del" : undefined}>
                      {line.op === "add" ? "+ " : line.op === "del" ? "- " : "  "}
                      {line.text}
                      {"\n"}
                    </span>
                  ))}
                </pre>
              ) : (
                <div className="editor-grid">
                  <pre className="json-box diff-del">{show(field.before)}</pre>
                  <pre className="json-box diff-add">{show(field.after)}</pre>
                </div>
              )}
            </div>
          ))}
        </section>
      ) : null}
    </>
  );
}

/** Versions without an author were written by the seed or an import, not by a since-deleted user (issue 18.10). */
function versionSource(summary: string): string {
  if (summary.startsWith("seeded from")) return "seed (built-in bank)";
  if (summary.startsWith("import ")) return "bank import";
  return "system";
}

/** "seeded from prisma/bank/coding/x.yaml" → "seeded from the built-in bank (x.yaml)": no repository paths. */
function readableSummary(summary: string): string {
  return summary
    .replace(/^seeded from (?:\S*\/)?([^/\s]+)$/, "seeded from the built-in bank ($1)")
    .replace(/^import (?:\S*\/)?([^/\s:]+):/, "import $1:");
}
