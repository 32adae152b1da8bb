"use client";
/**
 * Monaco bound to a controlled value. Rendered only in the browser (Monaco touches `window` at import),
 * so pages import the `CodeEditor` from code-editor-lazy.tsx, which shows a read-only view of the code until the page
 * is idle and the editor on screen (or reached for), then loads this with `dynamic(…, { ssr: false })`.
 *
 * Keyboard (WCAG 2.1.2, docs/adr/0612-coding-page-keyboard-and-reload.md): Tab indents as in any editor, but the
 * editor is never a trap — Esc then Tab / Shift+Tab moves the focus to the next / previous control, Shift+Tab without
 * a selection leaves backwards instead of outdenting (outdent a selection with Shift+Tab, or any line with Ctrl+[), and
 * Monaco's own Ctrl+M makes Tab move the focus. The page says so next to the editor and in its accessible name.
 * Dark mode uses vs-dark with comments lightened to 7:1 (vs-dark's green is 4.2:1 on the current-line highlight).
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
  /** Monaco has mounted (code-editor-lazy.tsx then removes its read-only view and may focus the editor). */
  onReady?: (editor: EditorHandle) => void;
}

export interface EditorHandle {
  focus(): void;
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

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Moves the focus to the first focusable element after (1) or the last before (-1) `container`, outside it. */
export function moveFocusFrom(container: HTMLElement, direction: 1 | -1): void {
  const candidates = Array.from(document.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => !container.contains(el) && (el.offsetWidth > 0 || el.offsetHeight > 0 || el.getClientRects().length > 0),
  );
  const after = candidates.filter((el) => container.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const before = candidates.filter((el) => container.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
  (direction === 1 ? after[0] : before[before.length - 1])?.focus();
}

let darkThemeDefined = false;

export default function CodeEditor({ language, value, onChange, onRun, onSubmit, ariaLabel, height = "100%", onReady }: CodeEditorProps) {
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
      theme={dark ? "clockwise-dark" : "vs"}
      beforeMount={(m) => {
        if (darkThemeDefined) return;
        darkThemeDefined = true;
        m.editor.defineTheme("clockwise-dark", {
          base: "vs-dark",
          inherit: true,
          rules: [{ token: "comment", foreground: "8DB57A" }],
          colors: {},
        });
      }}
      onChange={(v) => onChange(v ?? "")}
      options={{
        ariaLabel,
        minimap: { enabled: false },
        fontSize: 14,
        tabSize: 4,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        wordWrap: "on",
        // The default "dimmed" last line number is 2.6:1 against the gutter (axe color-contrast, WCAG 1.4.3).
        renderFinalNewline: "on",
      }}
      onMount={(editor, m) => {
        editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => onRunRef.current?.());
        editor.addCommand(m.KeyMod.CtrlCmd | m.KeyMod.Shift | m.KeyCode.Enter, () => onSubmitRef.current?.());
        // Leaving the editor with the keyboard: Esc arms it, the next Tab / Shift+Tab leaves.
        const armed = editor.createContextKey<boolean>("clockwiseLeaveArmed", false);
        const modifiers = new Set([m.KeyCode.Shift, m.KeyCode.Ctrl, m.KeyCode.Alt, m.KeyCode.Meta]);
        editor.onKeyDown((e) => {
          if (e.keyCode === m.KeyCode.Escape) armed.set(true);
          else if (e.keyCode !== m.KeyCode.Tab && !modifiers.has(e.keyCode)) armed.set(false);
        });
        editor.onDidBlurEditorText(() => armed.set(false));
        const leave = (direction: 1 | -1) => {
          armed.set(false);
          const container = editor.getContainerDomNode();
          moveFocusFrom(container, direction);
        };
        editor.addCommand(m.KeyCode.Tab, () => leave(1), "clockwiseLeaveArmed");
        // Shift+Tab never outdents on the way out: it leaves unless a selection asks for a block outdent.
        editor.addCommand(m.KeyMod.Shift | m.KeyCode.Tab, () => leave(-1), "clockwiseLeaveArmed || !editorHasSelection");
        onReady?.(editor);
      }}
    />
  );
}

