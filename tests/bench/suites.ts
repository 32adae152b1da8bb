/**
 * Every benchmark suite `npm run bench` knows. Add yours here: `{ name, run(): Promise<Table[]> }`
 * (see bench-suite.ts).
 */
import type { BenchSuite } from "./bench-suite";
import { engineSuite } from "./engine";

export const benchSuites: BenchSuite[] = [engineSuite];
