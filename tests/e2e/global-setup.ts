import { startServer } from "./server";

export default async function globalSetup(): Promise<void> {
  const state = await startServer();
  process.stderr.write(`[e2e] app ready (pid ${state.pid}, log ${state.logFile})\n`);
}
