"use client";
import dynamic from "next/dynamic";

/** Monaco, loaded only in the browser; shows a plain placeholder box while the bundle arrives. */
export const CodeEditor = dynamic(() => import("./code-editor"), {
  ssr: false,
  loading: () => <div className="editor-loading" aria-busy="true" />,
});
