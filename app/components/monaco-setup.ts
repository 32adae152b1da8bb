/**
 * Self-hosted Monaco. @monaco-editor/react fetches Monaco from a public CDN unless told otherwise; this
 * machine (and many interview-room networks) cannot reach it, so the editor and its workers come from
 * our own bundle. Import only from client code that is never rendered on the server (see code-editor.tsx).
 *
 * Only the languages a submission can be written in (issue 17): the editor core (`monaco-editor/editor`), the
 * Python, JavaScript and TypeScript grammars, and the TypeScript language service (which also serves JavaScript).
 * `import "monaco-editor"` would also load the grammars of ~80 other languages, the CSS/HTML/JSON language services
 * and the LSP client: 4.05 MB of eagerly loaded minified JavaScript instead of 2.76 MB (1.04 → 0.71 MB gzip), all
 * parsed on the main thread while the coding page becomes interactive.
 */
"use client";
import * as monaco from "monaco-editor/editor";
import "monaco-editor/languages/definitions/python/register";
import "monaco-editor/languages/definitions/javascript/register";
import "monaco-editor/languages/definitions/typescript/register";
import "monaco-editor/languages/features/typescript/register";
import { loader } from "@monaco-editor/react";

type WorkerFactory = { getWorker(workerId: string, label: string): Worker };

(self as unknown as { MonacoEnvironment: WorkerFactory }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === "typescript" || label === "javascript") {
      return new Worker(new URL("monaco-editor/languages/features/typescript/ts.worker.js", import.meta.url), { type: "module" });
    }
    return new Worker(new URL("monaco-editor/editor/editor.worker.js", import.meta.url), { type: "module" });
  },
};

loader.config({ monaco });

export { monaco };
