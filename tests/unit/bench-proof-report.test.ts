/** The bench's proof suites carry the load/scale-out reports' tables over (tests/bench/proof.ts). */
import { tablesOfReport } from "../bench/proof";

const REPORT = `# Load test — 2026-11-29T00:04:22.024Z

100 simulated users (12 of them submitting) for 60 s against \`npm-start\` on http://127.0.0.1:3200.

## HTTP

| route | requests | non-2xx by status | p50 | p95 |
|---|---|---|---|---|
| GET /questions | 1108 | none | 619 ms | 1712 ms |
| POST /api/submissions | 93 | none | 717 ms | 1926 ms |

Total requests: 3434 (57.2/s during traffic, polls after it included). 5xx or no answer: **0**.

## Submissions (semantic-vector, correct Python, Submit)

| sent (201) | finished | verdicts |
|---|---|---|
| 93 | 93 | AC: 93 |

Result: **PASS**. Total run 100 s.

(written to .data/loadtest-report.md)
`;

test("every table keeps its heading, columns, rows and the summary lines under it", () => {
  const tables = tablesOfReport(REPORT, "load");
  expect(tables).toEqual([
    {
      title: "load: HTTP",
      columns: ["route", "requests", "non-2xx by status", "p50", "p95"],
      rows: [
        ["GET /questions", "1108", "none", "619 ms", "1712 ms"],
        ["POST /api/submissions", "93", "none", "717 ms", "1926 ms"],
      ],
      note: "Total requests: 3434 (57.2/s during traffic, polls after it included). 5xx or no answer: **0**.",
    },
    {
      title: "load: Submissions (semantic-vector, correct Python, Submit)",
      columns: ["sent (201)", "finished", "verdicts"],
      rows: [["93", "93", "AC: 93"]],
      note: "Result: **PASS**. Total run 100 s.",
    },
  ]);
});

test("a report without tables gives none", () => {
  expect(tablesOfReport("# Load test\n\nnothing measured\n", "load")).toEqual([]);
});
