"use client";
/** The admin list's table with row selection and the bulk actions (publish, unpublish, delete, restore, export). */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteQuestionsAction, restoreQuestionsAction, setStatusAction } from "../actions";
import type { ActionResult } from "@/lib/web/action-result";

export interface QuestionTableRow {
  slug: string;
  kind: string;
  difficulty: string;
  tags: string[];
  status: "draft" | "published";
  version: number;
  titleZh: string | null;
  titleEn: string | null;
  updatedAt: string;
  deletedAt: string | null;
}

export function QuestionTable({ rows, deletedView }: { rows: QuestionTableRow[]; deletedView: boolean }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string; details?: string[] } | null>(null);
  const [pending, startTransition] = useTransition();
  const slugs = [...selected];

  function toggle(slug: string) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(slug)) next.delete(slug);
      else next.add(slug);
      return next;
    });
  }

  function run<T>(label: string, action: () => Promise<ActionResult<T>>, describe: (value: T) => string) {
    startTransition(async () => {
      setMessage(null);
      const result = await action();
      if (result.ok) {
        setMessage({ ok: true, text: `${label}: ${describe(result.value)}` });
        setSelected(new Set());
        router.refresh();
      } else {
        const details = Object.entries(result.fields ?? {}).flatMap(([key, messages]) => messages.map((m) => `${key}: ${m}`));
        setMessage({ ok: false, text: result.message, details });
      }
    });
  }

  return (
    <>
      <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
        <span className="muted">{selected.size} selected</span>
        {deletedView ? (
          <button type="button" disabled={!selected.size || pending} onClick={() => run("Restored", () => restoreQuestionsAction(slugs), (v) => v.changed.join(", ") || "nothing to do")}>
            Restore
          </button>
        ) : (
          <>
            <button type="button" disabled={!selected.size || pending} onClick={() => run("Published", () => setStatusAction(slugs, "published"), (v) => v.changed.map((c) => c.slug).join(", ") || "already published")}>
              Publish
            </button>
            <button type="button" disabled={!selected.size || pending} onClick={() => run("Unpublished", () => setStatusAction(slugs, "draft"), (v) => v.changed.map((c) => c.slug).join(", ") || "already drafts")}>
              Unpublish
            </button>
            <button
              type="button"
              className="danger"
              disabled={!selected.size || pending}
              onClick={() => {
                if (window.confirm(`Delete ${selected.size} question(s)? They can be restored from the "deleted" view.`)) {
                  run("Deleted", () => deleteQuestionsAction(slugs), (v) => v.changed.join(", "));
                }
              }}
            >
              Delete
            </button>
            <a className={selected.size ? "" : "muted"} href={selected.size ? `/admin/export?${slugs.map((s) => `slug=${encodeURIComponent(s)}`).join("&")}` : undefined} aria-disabled={!selected.size}>
              Export selection
            </a>
          </>
        )}
        {pending ? <span aria-live="polite">Working… (publishing runs reference solutions)</span> : null}
      </div>
      {message ? (
        <div className={`banner ${message.ok ? "banner-ok" : "banner-error"}`} role={message.ok ? "status" : "alert"}>
          {message.text}
          {message.details?.length ? (
            <ul className="field-errors">
              {message.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <table className="list">
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label="Select all"
                checked={rows.length > 0 && selected.size === rows.length}
                onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.slug)) : new Set())}
              />
            </th>
            <th>Question</th>
            <th>Status</th>
            <th className="hide-narrow">Kind</th>
            <th className="hide-narrow">Difficulty</th>
            <th className="hide-narrow">Tags</th>
            <th className="hide-narrow">Version</th>
            <th className="hide-narrow">Updated</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.slug}>
              <td>
                <input type="checkbox" aria-label={`Select ${row.slug}`} checked={selected.has(row.slug)} onChange={() => toggle(row.slug)} />
              </td>
              <td>
                {row.deletedAt ? <span>{row.titleZh ?? row.titleEn}</span> : <Link href={`/admin/questions/${row.slug}`}>{row.titleZh ?? row.titleEn}</Link>}
                {row.titleZh && row.titleEn ? <div className="muted small">{row.titleEn}</div> : null}
                <div className="muted small">
                  <code>{row.slug}</code> · <Link href={`/admin/questions/${row.slug}/history`}>history</Link>
                </div>
              </td>
              <td className={row.deletedAt ? "status-deleted" : `status-${row.status}`}>{row.deletedAt ? "deleted" : row.status}</td>
              <td className="hide-narrow">{row.kind}</td>
              <td className={`hide-narrow difficulty-${row.difficulty}`}>{row.difficulty}</td>
              <td className="hide-narrow">
                {row.tags.map((t) => (
                  <span key={t} className="tag">
                    {t}
                  </span>
                ))}
              </td>
              <td className="hide-narrow">v{row.version}</td>
              <td className="hide-narrow">
                <time dateTime={row.updatedAt}>{row.updatedAt.slice(0, 16).replace("T", " ")}</time>
              </td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={8} className="muted">
                No questions match.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </>
  );
}
