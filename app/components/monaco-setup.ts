/**
 * Self-hosted Monaco. @monaco-editor/react fetches Monaco from a public CDN unless told otherwise; this
 * machine (and many interview-room networks) cannot reach it, so the editor and its workers come from
 * our own bundle. Import only from client code that is never rendered on the server (see code-editor.tsx).
 */
"use client";
import * as monaco from "monaco-editor";
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
