/**
 * What a benchmark module gives the runner (tests/bench/run.ts): named suites that return tables.
 * To add one, export a BenchSuite from your module and list it in tests/bench/suites.ts.
 */
export type Table = {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** One line printed under the table (targets, caveats). */
  note?: string;
};

export type BenchSuite = {
  /** Short id used to pick suites on the command line: `npm run bench -- engine`. */
  name: string;
  run(): Promise<Table[]>;
};

/** The p-th percentile (0–100) of samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/**
 * Calls `step` repeatedly until `budgetMs` has passed (at least `minRuns` times) and returns each
 * call's duration in ms.
 */
export async function sampleFor(budgetMs: number, step: () => unknown, minRuns = 5): Promise<number[]> {
  const samples: number[] = [];
  const end = performance.now() + budgetMs;
  while (samples.length < minRuns || performance.now() < end) {
    const start = performance.now();
    await step();
    samples.push(performance.now() - start);
  }
  return samples;
}
