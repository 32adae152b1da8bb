"use client";
/** A code field of the question editor: Monaco, or a plain textarea when the admin prefers (and for tests). */
import { useState } from "react";
import { CodeEditor } from "@/app/components/code-editor-lazy";
import { type CodeLanguage } from "./editor-state";

export function CodeField({ language, value, onChange, label }: { language: CodeLanguage; value: string; onChange: (v: string) => void; label: string }) {
  const [plain, setPlain] = useState(false);
  return (
    <div>
      <div className="editor-row">
        <strong>{label}</strong>
        <label className="small muted">
          <input type="checkbox" data-testid={`plain-${label}`} checked={plain} onChange={(e) => setPlain(e.target.checked)} /> plain text
        </label>
      </div>
      {plain ? (
        <textarea aria-label={label} data-testid={`code-${label}`} value={value} onChange={(e) => onChange(e.target.value)} rows={10} style={{ width: "100%", fontFamily: "monospace" }} />
      ) : (
        <div className="code-box">
          <CodeEditor language={language} value={value} onChange={onChange} ariaLabel={label} />
        </div>
      )}
    </div>
  );
}

