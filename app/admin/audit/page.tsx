import Link from "next/link";
import { currentActor } from "@/lib/auth/guards";
import { listAuditLog } from "@/lib/use-cases/admin/list-audit-log";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** /admin/audit: who did what, when (newest first), filterable by action prefix and target. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const query = await searchParams;
  const action = first(query.action);
  const target = first(query.target);
  const page = Math.max(1, Number(first(query.page)) || 1);
  const log = await listAuditLog({ actor: await currentActor(), filter: { action, target, page, pageSize: 50 } });
  const pages = Math.max(1, Math.ceil(log.total / log.pageSize));
  const href = (p: number) => `/admin/audit?${new URLSearchParams({ ...(action ? { action } : {}), ...(target ? { target } : {}), page: String(p) }).toString()}`;
  return (
    <>
      <h1>Audit log</h1>
      <form className="filters" method="get">
        <label>
          Action starts with
          <input name="action" defaultValue={action ?? ""} placeholder="question.publish" />
        </label>
        <label>
          Target contains
          <input name="target" defaultValue={target ?? ""} placeholder="semantic-vector" />
        </label>
        <button type="submit" className="primary">
          Filter
        </button>
      </form>
      <p className="muted">{log.total} entries</p>
      <table className="list">
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {log.rows.map((row) => {
            const slug = row.target.startsWith("question:") ? row.target.slice("question:".length) : null;
            return (
              <tr key={row.id}>
                <td>
                  <time dateTime={row.createdAt.toISOString()}>{row.createdAt.toISOString().slice(0, 19).replace("T", " ")}</time>
                </td>
                <td>{row.actor ? `${row.actor.name} <${row.actor.email}>` : "system"}</td>
                <td>
                  <code>{row.action}</code>
                </td>
                <td>{slug ? <Link href={`/admin/questions/${slug}/history`}>{row.target}</Link> : row.target}</td>
                <td>
                  <pre className="json-box">{JSON.stringify(row.details)}</pre>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages > 1 ? (
        <nav className="pager" aria-label="Pages">
          {page > 1 ? <Link href={href(page - 1)}>← Newer</Link> : null}
          <span>
            page {page} of {pages}
          </span>
          {page < pages ? <Link href={href(page + 1)}>Older →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
