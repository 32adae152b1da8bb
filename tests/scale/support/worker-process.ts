/**
 * A standalone grader worker (`npm run worker`'s lib/grader/pipeline/worker-main.ts) as a child process, optionally
 * inside a network namespace (`ip netns exec`). Started as node with tsx's loader rather than the tsx CLI, so a
 * SIGKILL reaches the worker itself and leaves no grandchild behind.
 *
 * @example
 *   const w = spawnWorker({ name: "w1", databaseUrl, netns: "cwproof-1" });
 *   await w.ready(90_000);
 *   w.gradedIds(); // submission ids this worker logged a verdict for
 *   await w.stop();
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  log(): string;
  ready(timeoutMs: number): Promise<number>;
  /** Ids with a written verdict line (`<id> AC 1 in 123 ms (attempt 1)`), superseded attempts excluded. */
  gradedIds(): string[];
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Submission ids of the verdicts a worker log says it wrote, in either log format: the text line
 * `[grader] <id> AC 1 in 812 ms (attempt 1)` or a JSON line with `"event":"job.graded"` (superseded attempts,
 * `"written":false` or `superseded: not written`, excluded).
 *
 * @example
 *   writtenVerdicts('{"event":"job.graded","submissionId":"s1","written":true}') // ["s1"]
 */
export function writtenVerdicts(log: string): string[] {
  const ids: string[] = [];
  for (const line of log.split("\n")) {
    const text = /^\[\w+\] (?:grader: )?(\S+) (?:AC|WA|TLE|MLE|OLE|RE|CE|IE) \S+ in \d+ ms \(attempt \d+\)$/.exec(line);
    if (text) {
      ids.push(text[1]);
      continue;
    }
    const start = line.indexOf("{");
    if (start < 0 || !line.includes('"job.graded"')) continue;
    try {
      const entry = JSON.parse(line.slice(start)) as { event?: string; submissionId?: string; written?: boolean };
      if (entry.event === "job.graded" && entry.submissionId && entry.written !== false) ids.push(entry.submissionId);
    } catch {
      /* not a JSON log line */
    }
  }
  return ids;
}

export function spawnWorker(options: { name: string; databaseUrl: string; netns?: string; env?: Record<string, string> }): WorkerProcess {
  const node = [process.execPath, "--import", "tsx", path.join(ROOT, "lib/grader/pipeline/worker-main.ts")];
  const [cmd, ...args] = options.netns ? ["ip", "netns", "exec", options.netns, ...node] : node;
  const child = spawn(cmd, args, {
    cwd: ROOT,
    // Readiness is read from the worker's info-level "grading with …" line, whatever level the caller logs at
    // (`npm run bench` runs with CLOCKWISE_LOG_LEVEL=warn).
    env: { ...process.env, CLOCKWISE_LOG_LEVEL: "info", DATABASE_URL: options.databaseUrl, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (c) => (text += c));
  child.stderr!.on("data", (c) => (text += c));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const started = Date.now();
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name: options.name,
    child,
    log: () => text,
    async ready(timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (!/grading with/.test(text)) {
        if (gone()) throw new Error(`worker ${options.name} exited before it was ready:\n${text.slice(-1500)}`);
        if (/NOT grading|will not grade/.test(text)) throw new Error(`worker ${options.name} refuses to grade:\n${text.slice(-1500)}`);
        if (Date.now() > end) throw new Error(`worker ${options.name} not ready after ${timeoutMs} ms:\n${text.slice(-1500)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return Date.now() - started;
    },
    gradedIds() {
      return writtenVerdicts(text);
    },
    async kill9() {
      if (!gone()) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (gone()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
