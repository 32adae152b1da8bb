/**
 * Every benchmark suite `npm run bench` knows. Add yours here: `{ name, run(): Promise<Table[]> }`
 * (see bench-suite.ts). `npm run bench -- engine` runs one suite by name.
 */
import type { BenchSuite } from "./bench-suite";
import { conceptsSuite } from "./concepts";
import { engineSuite } from "./engine";
import { generationSuite } from "./generation";
import { lighthouseSuite } from "./lighthouse";
import { graderSuite } from "./grader";
import { pipelineSuite } from "./pipeline";
import { loadSuite, scaleoutSuite } from "./proof";
import { webSuite } from "./web";

export const benchSuites: BenchSuite[] = [conceptsSuite, engineSuite, generationSuite, graderSuite, pipelineSuite, webSuite, loadSuite, scaleoutSuite, lighthouseSuite];
