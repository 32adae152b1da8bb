/** One fault scenario's row in the faults report. */
export interface FaultResult {
  fault: string;
  expected: string;
  observed: string;
  pass: boolean;
  seconds: number;
  /** Extra markdown printed under the table. */
  details?: string;
}

export const log = (line: string) => process.stderr.write(`[faults] ${line}\n`);
