"use client";
/** The test table of the question editor: arguments, expected value, weight, hidden flag, order. */
import { newRowKey, type TestRow } from "./editor-state";
import { Errors, type FieldErrors } from "./field-errors";

export function TestTable({ tests, onChange, errors }: { tests: TestRow[]; onChange: (rows: TestRow[]) => void; errors: FieldErrors }) {
  const update = (i: number, patch: Partial<TestRow>) => onChange(tests.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  const move = (i: number, by: number) => {
    const next = [...tests];
    const [row] = next.splice(i, 1);
    next.splice(i + by, 0, row);
    onChange(next);
  };
  return (
    <>
      <table className="list tests-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Name</th>
            <th>Args (JSON array)</th>
            <th>Expected (JSON; empty = reference output)</th>
            <th>Sample</th>
            <th>Weight</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tests.map((row, i) => (
            <tr key={row.key}>
              <td>{i + 1}</td>
              <td>
                <input aria-label={`Test ${i + 1} name`} data-testid={`test-${i}-name`} value={row.name} onChange={(e) => update(i, { name: e.target.value })} />
              </td>
              <td>
                <textarea aria-label={`Test ${i + 1} args`} data-testid={`test-${i}-args`} value={row.argsText} onChange={(e) => update(i, { argsText: e.target.value })} />
                <Errors errors={errors} path={`coding.tests.${i}.args`} />
              </td>
              <td>
                <textarea aria-label={`Test ${i + 1} expected`} data-testid={`test-${i}-expected`} value={row.expectedText} onChange={(e) => update(i, { expectedText: e.target.value })} />
                <Errors errors={errors} path={`coding.tests.${i}.expected`} />
              </td>
              <td>
                <input type="checkbox" aria-label={`Test ${i + 1} is a sample`} data-testid={`test-${i}-sample`} checked={row.sample} onChange={(e) => update(i, { sample: e.target.checked })} />
              </td>
              <td>
                <input type="number" aria-label={`Test ${i + 1} weight`} min={0.01} max={100} step="any" value={row.weight} onChange={(e) => update(i, { weight: Number(e.target.value) })} style={{ width: 70 }} />
              </td>
              <td className="row-actions">
                <button type="button" aria-label={`Move test ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" aria-label={`Move test ${i + 1} down`} disabled={i === tests.length - 1} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button type="button" aria-label={`Duplicate test ${i + 1}`} onClick={() => onChange([...tests.slice(0, i + 1), { ...row, key: newRowKey() }, ...tests.slice(i + 1)])}>
                  ⧉
                </button>
                <button type="button" className="danger" aria-label={`Delete test ${i + 1}`} disabled={tests.length === 1} onClick={() => onChange(tests.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" data-testid="add-test" onClick={() => onChange([...tests, { key: newRowKey(), name: "", argsText: tests[tests.length - 1]?.argsText ?? "[]", expectedText: "", sample: false, weight: 1 }])}>
        Add test
      </button>
      <Errors errors={errors} path="coding.tests" />
    </>
  );
}

