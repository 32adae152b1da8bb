"use client";
/** The checker part of the question editor: exact, numeric tolerance, cosine, or per-field (object) checkers. */
import { useState } from "react";
import type { Checker } from "@/lib/bank/schema";

export function CheckerFields({ checker, onChange }: { checker: Checker; onChange: (c: Checker) => void }) {
  const [fieldsText, setFieldsText] = useState(checker.type === "object" ? JSON.stringify(checker.fields, null, 2) : '{\n  "label": { "type": "label" }\n}');
  const [fieldsError, setFieldsError] = useState<string | null>(null);
  return (
    <div className="editor-row">
      <label>
        Checker
        <select
          value={checker.type}
          onChange={(e) => {
            const type = e.target.value as Checker["type"];
            if (type === "allclose") onChange({ type, atol: 1e-6, rtol: 1e-5 });
            else if (type === "cosine") onChange({ type, minSimilarity: 0.999, normTolerance: 1e-3 });
            else if (type === "object") onChange({ type, fields: JSON.parse(fieldsText) as Record<string, Checker> });
            else onChange({ type });
          }}
        >
          <option value="exact">exact (deep equality)</option>
          <option value="allclose">allclose (numbers within tolerance)</option>
          <option value="cosine">cosine (vector direction)</option>
          <option value="label">label (class name)</option>
          <option value="object">object (a checker per field)</option>
        </select>
      </label>
      {checker.type === "allclose" ? (
        <>
          <label>
            atol
            <input type="number" step="any" min={0} value={checker.atol} onChange={(e) => onChange({ ...checker, atol: Number(e.target.value) })} />
          </label>
          <label>
            rtol
            <input type="number" step="any" min={0} value={checker.rtol} onChange={(e) => onChange({ ...checker, rtol: Number(e.target.value) })} />
          </label>
        </>
      ) : null}
      {checker.type === "cosine" ? (
        <>
          <label>
            min similarity
            <input type="number" step="any" min={-1} max={1} value={checker.minSimilarity} onChange={(e) => onChange({ ...checker, minSimilarity: Number(e.target.value) })} />
          </label>
          <label>
            norm tolerance (empty: no norm check)
            <input
              type="number"
              step="any"
              min={0}
              value={checker.normTolerance ?? ""}
              onChange={(e) => onChange({ ...checker, normTolerance: e.target.value === "" ? null : Number(e.target.value) })}
            />
          </label>
        </>
      ) : null}
      {checker.type === "object" ? (
        <label style={{ flex: 1 }}>
          Field checkers (JSON)
          <textarea
            value={fieldsText}
            rows={5}
            onChange={(e) => {
              setFieldsText(e.target.value);
              try {
                onChange({ type: "object", fields: JSON.parse(e.target.value) as Record<string, Checker> });
                setFieldsError(null);
              } catch (error) {
                setFieldsError((error as Error).message);
              }
            }}
          />
          {fieldsError ? <span className="error">{fieldsError}</span> : null}
        </label>
      ) : null}
    </div>
  );
}

