/**
 * Entry of the engine host thread (lib/grader/engine-host/host.ts starts it with node:worker_threads). Worker
 * threads start without the parent's TypeScript loader when it came from Jest's transform, so tsx's CommonJS
 * hook is registered here before the TypeScript module is required.
 */
require("tsx/cjs/api").register();
require("./thread.ts");
