"use client";
/**
 * Upload → preview (what will be created / updated / unchanged, every problem with its location) → import.
 * The import re-checks everything on the server and writes all questions in one transaction or none.
 */
import { useState, useTransition } from "react";
import type { ImportReport } from "@/lib/use-cases/admin/import-bank";
import { formatProblem } from "@/lib/bank/bundle";

type Files = { name: string; text: string }[];

/** What POST /admin/import/bundle reads at most (route.ts); the files travel inside one JSON body. */
const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

/** Preview or apply through the route handler (not a server action: those are held to 1 MB). */
async function postBundle(files: Files, slugPrefix: string, apply: boolean): Promise<{ ok: true; value: ImportReport } | { ok: false; message: string }> {
  try {
    const response = await fetch("/admin/import/bundle", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ files, slugPrefix: slugPrefix || undefined, apply }),
    });
    const body = (await response.json().catch(() => null)) as (ImportReport & { message?: string }) | null;
    if (response.ok && body) return { ok: true, value: body };
    return { ok: false, message: body?.message ?? `The import failed (HTTP ${response.status}).` };
  } catch {
    return { ok: false, message: "The server could not be reached." };
  }
}

export function ImportForm() {
  const [files, setFiles] = useState<Files>([]);
  const [prefix, setPrefix] = useState("");
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  async function readFiles(list: FileList | null) {
    setReport(null);
    setError(null);
    const read: Files = [];
    let total = 0;
    for (const file of Array.from(list ?? [])) {
      total += file.size;
      if (total > MAX_UPLOAD_BYTES) {
        setError(`The files are larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB together.`);
        return;
      }
      read.push({ name: file.name, text: await file.text() });
    }
    setFiles(read);
  }

  function run(apply: boolean) {
    startTransition(async () => {
      setError(null);
      const result = await postBundle(files, prefix, apply);
      if (result.ok) setReport(result.value);
      else setError(result.message);
    });
  }

  const canApply = report !== null && !report.applied && report.problems.length === 0 && report.items.some((i) => i.action !== "unchanged");
  return (
    <div>
      <div className="editor-row">
        <label>
          Files (.json bundles, .md/.txt in the seed style, .yaml bank files)
          <input type="file" multiple accept=".json,.md,.markdown,.txt,.yaml,.yml,application/json,text/markdown,text/plain" onChange={(e) => void readFiles(e.target.files)} />
        </label>
        <label>
          Slug prefix for Markdown (optional)
          <input value={prefix} onChange={(e) => setPrefix(e.target.value.toLowerCase())} placeholder="from the title" />
        </label>
        <button type="button" disabled={!files.length || pending} onClick={() => run(false)}>
          Preview
        </button>
        <button type="button" className="primary" disabled={!canApply || pending} onClick={() => run(true)}>
          Import
        </button>
        {pending ? <span aria-live="polite">Checking… (published coding questions run their reference solutions)</span> : null}
      </div>
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {report ? (
        <div>
          {report.applied ? (
            <p className="banner banner-ok" role="status">
              Imported: {report.items.filter((i) => i.action === "create").length} created, {report.items.filter((i) => i.action === "update").length} updated,{" "}
              {report.items.filter((i) => i.action === "unchanged").length} unchanged.
            </p>
          ) : report.problems.length ? (
            <div className="banner banner-error" role="alert">
              {report.problems.length} problem(s); nothing will be imported until all are fixed:
              <ul className="field-errors">
                {report.problems.map((p, i) => (
                  <li key={i}>{formatProblem(p)}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="banner banner-ok" role="status">
              No problems. Review the changes below, then Import.
            </p>
          )}
          <table className="list">
            <thead>
              <tr>
                <th>Action</th>
                <th>Slug</th>
                <th>Kind</th>
                <th>Status</th>
                <th>Source</th>
                <th>Changes</th>
              </tr>
            </thead>
            <tbody>
              {report.items.map((item) => (
                <tr key={`${item.file}-${item.index}`}>
                  <td>
                    {item.action}
                    {item.restoresDeleted ? " (restores deleted)" : ""}
                  </td>
                  <td>
                    <code>{item.slug}</code>
                  </td>
                  <td>{item.kind}</td>
                  <td className={`status-${item.status}`}>{item.status}</td>
                  <td className="small muted">
                    {item.file} #{item.index}
                  </td>
                  <td className="small">{item.action === "update" ? item.changes.join(", ") : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
