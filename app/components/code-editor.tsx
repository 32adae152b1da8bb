"use client";
/**
 * Monaco bound to a controlled value. Rendered only in the browser (Monaco touches `window` at import),
 * so pages import the `CodeEditor` from code-editor-lazy.tsx, which wraps this in `dynamic(…, { ssr: false })`.
 */
import "./monaco-setup";
import Editor from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import type { SubmissionLanguage } from "@/lib/grader/submission-contract";

export interface CodeEditorProps {
  language: SubmissionLanguage;
  value: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun?: () => void;
  /** Ctrl/Cmd+Shift+Enter. */
  onSubmit?: () => void;
  ariaLabel: string;
  height?: string;
}

function usePrefersDark(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const mq = window.matchMedia("(prefers-color-scheme: dark)");
    setDark(mq.matches);
    const on = (e: MediaQueryListEvent) => setDark(e.matches);
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);
  return dark;
}

export default function CodeEditor({ language, value, onChange, onRun, onSubmit, ariaLabel, height = "100%" }: CodeEditorProps) {
  const dark = usePrefersDark();
  // Monaco's commands are registered once at mount; the refs let them call the latest callbacks.
  const onRunRef = useRef(onRun);
  const onSubmitRef = useRef(onSubmit);
  useEffect(() => {
    onRunRef.current = onRun;
    onSubmitRef.current = onSubmit;
  });
  return (
    <Editor
      height={height}
      language={language}
      value={value}
      theme={dark ? "vs-dark" : "vs"}
      onChange={(v) => onChange(v ?? "")}
      options={{
        ariaLabel,
        minimap: { enabled: false },
        fontSize: 14,
        tabSize: 4,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        wordWrap: "on",
      }}
      onMount={(editor, m) => {
        editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => onRunRef.current?.());
        editor.addCommand(m.KeyMod.CtrlCmd | m.KeyMod.Shift | m.KeyCode.Enter, () => onSubmitRef.current?.());
      }}
    />
  );
}

