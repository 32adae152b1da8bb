import { ImportForm } from "./import-form";

export const dynamic = "force-dynamic";

/** /admin/import: import JSON bundles or seed-style Markdown (preview first, then all-or-nothing), and export. */
export default function ImportExportPage() {
  return (
    <>
      <h1>Import / export</h1>
      <section className="editor-section">
        <h2>Export</h2>
        <p>
          <a className="button" href="/admin/export">
            Download the whole bank (JSON bundle)
          </a>{" "}
          <span className="muted">To export a selection, tick questions in the list and use “Export selection”.</span>
        </p>
        <p className="small muted">
          Format: <a href="/admin/bundle-schema.json">bundle JSON Schema</a> (also in docs/bank-bundle.schema.json). Operators: <code>npm run bank -- export --out bank.json</code>.
        </p>
      </section>
      <section className="editor-section">
        <h2>Import</h2>
        <p className="small muted">
          Starting from an article? <a href="/admin/import/template" download data-testid="import-template">Download the Markdown template</a>{" "}
          (every construct the seed-style importer reads, annotated). Imports land as drafts; publishing checks key points and references.
        </p>
        <ImportForm />
      </section>
    </>
  );
}
