/**
 * One sandboxed process ("box") for one submission: a bubblewrap container running a harness that talks to
 * the host over a dedicated socket (fd 3 in the box). The user's stdout/stderr are captured separately and
 * capped; they are shown to the user, never parsed.
 *
 * Launch chain (root): sh (joins the box's memory/pids/cpuacct cgroups) → exec prlimit (CPU seconds, file
 * size, open files) → exec bwrap (namespaces, read-only /usr, tmpfs /tmp, seccomp) → interpreter + harness.
 * Without root there are no cgroups: RLIMIT_AS (Python) / V8's heap flag (Node) and RLIMIT_NPROC instead.
 *
 * @example
 *   const box = await Box.start({ language: "python", limits: resolveLimits() });
 *   box.on("frame", (msg) => …);  box.send({ type: "init", … });
 *   await box.destroy();          // kills everything left, removes the cgroups
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Socket } from "node:net";
import type { GraderLimits } from "../limits";
import { BoxCgroups, cgroupsAvailable, sweepStaleCgroups, type CgroupStats } from "./cgroup";
import { encodeFrame, FrameReader } from "./frames";
import { buildSeccompFilter, SeccompUnavailableError } from "./seccomp";
import { childLogger } from "@/lib/observability/log";
import { sandboxHostSettings, type SandboxHostSettings } from "./host-settings";

export type BoxLanguage = "python" | "javascript";

export class SandboxUnavailableError extends Error {
  override name = "SandboxUnavailableError";
}

const BWRAP_CANDIDATES = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"];
const PYTHON = "/usr/bin/python3";
const SETPRIV = "/usr/bin/setpriv";
/**
 * Host uids of box processes when the worker is root: one per live box, from a block of 64 per worker
 * process (by pid) far above ordinary and subordinate uid ranges, so neither two boxes nor two workers on one
 * machine share per-uid kernel counters. Inside its user namespace every box is uid 65534.
 */
export const BOX_UID_BASE = 1_900_000_000;
const BOX_UIDS_PER_PROCESS = 64;
const boxUidsInUse = new Set<number>();

/** The uid range [first, last] this process gives its boxes. */
export function boxUidRange(pid = process.pid): [number, number] {
  const first = BOX_UID_BASE + (pid % 4_000_000) * BOX_UIDS_PER_PROCESS;
  return [first, first + BOX_UIDS_PER_PROCESS - 1];
}

function allocateBoxUid(): number {
  const [first, last] = boxUidRange();
  for (let uid = first; uid <= last; uid++) {
    if (!boxUidsInUse.has(uid)) {
      boxUidsInUse.add(uid);
      return uid;
    }
  }
  throw new Error(`more than ${BOX_UIDS_PER_PROCESS} boxes alive in one worker process`);
}
const HARNESS_FILES: Record<BoxLanguage, string> = { python: "python_harness.py", javascript: "js_harness.cjs" };
const EMPTY_FILE = "empty";
/**
 * /proc files that show the whole host's activity or configuration (load, uptime, interrupts, disk and memory
 * zone statistics, the kernel command line): read as empty in the box. /proc/stat, /proc/meminfo and
 * /proc/cpuinfo stay, because runtimes size themselves from them (Node's os.cpus(), V8's heap).
 */
const MASKED_PROC_FILES = ["loadavg", "uptime", "diskstats", "interrupts", "softirqs", "schedstat", "vmstat", "zoneinfo", "buddyinfo", "pagetypeinfo", "cmdline", "timer_list", "sched_debug", "key-users", "keys"];

/** Where the harness sources live in the repository. */
function harnessSourceDir(): string {
  const candidates = [
    sandboxHostSettings().harnessDir,
    path.resolve(process.cwd(), "lib/grader/harness"),
    typeof __dirname === "string" ? path.resolve(__dirname, "../harness") : undefined,
  ].filter((c): c is string => !!c);
  // Run-time reads of the checkout, never bundled: the ignore comments keep Next's file tracer from taking the whole project.
  const found = candidates.find((c) => fs.existsSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ c, HARNESS_FILES.python)));
  if (!found) throw new SandboxUnavailableError(`grader harness not found (looked in ${candidates.join(", ")})`);
  return found;
}

let stagedHarness: string | undefined;

/**
 * The harness files, staged once per process into a world-readable, content-addressed directory under the
 * OS temp dir: the box runs as an unprivileged host user who may not be able to traverse the repository's
 * path (e.g. under /root), and only these two files are bound read-only at /box. A directory of that name
 * is reused only if its files are byte-identical (another local user could have created it first).
 */
export function harnessDir(): string {
  if (stagedHarness && fs.existsSync(/*turbopackIgnore: true*/ stagedHarness)) return stagedHarness;
  const source = harnessSourceDir();
  const files = Object.values(HARNESS_FILES).map((name) => ({ name, bytes: fs.readFileSync(path.join(source, name)) }));
  files.push({ name: EMPTY_FILE, bytes: Buffer.alloc(0) }); // bound over host-wide /proc files
  const hash = createHash("sha256");
  for (const f of files) hash.update(f.name).update(f.bytes);
  const target = path.join(os.tmpdir(), `clockwise-harness-${hash.digest("hex").slice(0, 16)}`);
  const matches = (dir: string) => {
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) return false;
      return files.every((f) => fs.readFileSync(path.join(dir, f.name)).equals(f.bytes));
    } catch {
      return false;
    }
  };
  if (!matches(target)) {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), "clockwise-harness-staging-"));
    for (const f of files) fs.writeFileSync(path.join(staging, f.name), f.bytes, { mode: 0o644 });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, target);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // a concurrent worker staged it first
    }
    if (!matches(target)) throw new SandboxUnavailableError(`cannot stage the grader harness at ${target}`);
  }
  stagedHarness = target;
  return target;
}

/** The bubblewrap binary: the configured one (CLOCKWISE_BWRAP; "" = none), else the first of the usual paths. */
export function findBwrap(settings: Pick<SandboxHostSettings, "bwrap"> = sandboxHostSettings()): string | undefined {
  if (settings.bwrap !== undefined) return settings.bwrap && fs.existsSync(settings.bwrap) ? settings.bwrap : undefined;
  return BWRAP_CANDIDATES.find((p) => fs.existsSync(p));
}

export function unsafeLocalModeRequested(settings: Pick<SandboxHostSettings, "unsafeLocal"> = sandboxHostSettings()): boolean {
  return settings.unsafeLocal;
}

let warnedUnsafe = false;
let swept = false;

// Boxes of this process: lets tests and /api/health prove that every box was cleaned up.
const startedIds = new Set<string>();
const liveIds = new Set<string>();

/** Ids of every box this process started, and of those not yet destroyed. */
export function boxRegistry(): { started: string[]; live: string[] } {
  return { started: [...startedIds], live: [...liveIds] };
}

/** Throws SandboxUnavailableError unless bubblewrap exists or the operator opted into the unsafe mode. */
export function assertSandboxAvailable(): { bwrap?: string; unsafe: boolean } {
  const bwrap = findBwrap();
  if (bwrap) return { bwrap, unsafe: false };
  if (unsafeLocalModeRequested()) {
    if (!warnedUnsafe) {
      warnedUnsafe = true;
      childLogger({ component: "sandbox" }).warn(
        { event: "sandbox.unsafe_local_mode" },
        "CLOCKWISE_UNSAFE_LOCAL_SANDBOX=1: bubblewrap is missing, submissions run WITHOUT a sandbox. Untrusted code can read and change this machine. Use this only for local development.",
      );
    }
    return { unsafe: true };
  }
  throw new SandboxUnavailableError(
    "bubblewrap (bwrap) is not installed, so submissions cannot be graded safely. Install it " +
      "(Debian: apt-get install bubblewrap) or, for local development only, set CLOCKWISE_UNSAFE_LOCAL_SANDBOX=1.",
  );
}

/**
 * The Node binary. One outside /usr gets a read-only bind of that one file, not of its install prefix (which
 * would show the box npm, global packages and whatever else lives there); official Node builds need nothing
 * else but libc and libstdc++ from /usr.
 */
function nodeBinary(): { binary: string; extraBind?: string } {
  const binary = fs.realpathSync(process.execPath);
  if (binary.startsWith("/usr/")) return { binary };
  return { binary, extraBind: binary };
}

/**
 * RLIMIT_NPROC counts every task (process or thread) of the real uid, the worker's own threads included,
 * so without cgroups the box's allowance is added on top of what the user already runs.
 */
function tasksOfCurrentUser(): number {
  const uid = process.getuid?.();
  let tasks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.statSync(`/proc/${entry}`).uid !== uid) continue;
      tasks += fs.readdirSync(`/proc/${entry}/task`).length;
    } catch {
      /* the process ended while we looked */
    }
  }
  return tasks;
}

const BOX_ENV: Record<string, string> = {
  PATH: "/usr/bin:/bin",
  HOME: "/tmp",
  TMPDIR: "/tmp",
  LANG: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  PYTHONDONTWRITEBYTECODE: "1",
  PYTHONHASHSEED: "0",
  PYTHONIOENCODING: "utf-8",
  PYTHONUNBUFFERED: "1",
  // One BLAS/OpenMP thread: the box's CPU is accounted, and threads count against pids.
  OPENBLAS_NUM_THREADS: "1",
  OMP_NUM_THREADS: "1",
  MKL_NUM_THREADS: "1",
};

/**
 * The first process of a box: a shell that joins the box's cgroups itself, so nothing runs unaccounted
 * between fork and exec, and closes every descriptor it inherited from the worker without close-on-exec
 * (descriptors of the worker's own parent, log files, …) except stdio, the channel (3) and the seccomp pipe
 * (4, which bwrap closes after reading), then execs the command.
 */
export function boxLauncher(procsFiles: string[], command: string[]): string[] {
  for (const f of procsFiles) if (/['\n]/.test(f)) throw new Error(`unexpected cgroup path ${f}`);
  const joins = procsFiles.map((f) => `echo $$ > '${f}' || exit 111; `).join("");
  const closeInherited = `for fd in /proc/$$/fd/*; do n=\${fd##*/}; if [ "$n" -gt 4 ]; then eval "exec $n>&-"; fi; done; `;
  return ["/bin/bash", "-c", `${joins}${closeInherited}exec "$@"`, "clockwise-box", ...command];
}

export interface BoxExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BoxOutput {
  stdout: string;
  stderr: string;
  /** Bytes printed in total (including what was dropped past the cap). */
  bytes: number;
  exceeded: boolean;
}

/**
 * Events: "frame" (decoded message from the harness, its size in bytes), "protocol-error" (Error: oversized or malformed
 * frame — the box is then untrusted), "output-limit" (stdout+stderr passed outputKb), "exit" (BoxExit).
 */
export class Box extends EventEmitter {
  readonly id: string;
  readonly startedAt = performance.now();
  /** Milliseconds from spawn to the harness's hello frame. */
  startMs = 0;
  exited: BoxExit | null = null;
  /** The host uid the box runs as (root workers only); returned to the pool when the box is destroyed. */
  hostUid: number | undefined;
  private readonly reader: FrameReader;
  private stdoutChunks: Buffer[] = [];
  private stderrChunks: Buffer[] = [];
  private kept = 0;
  private outputBytes = 0;
  private outputExceeded = false;
  private destroyed = false;
  private readonly exitPromise: Promise<BoxExit>;

  private constructor(
    readonly language: BoxLanguage,
    public limits: GraderLimits,
    private readonly child: ChildProcess,
    private readonly channel: Socket,
    private readonly cgroups: BoxCgroups | undefined,
    id: string,
    frameCap: number,
  ) {
    super();
    this.id = id;
    this.reader = new FrameReader(frameCap);
    this.exitPromise = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exited = { code, signal };
        this.emit("exit", this.exited);
        resolve(this.exited);
      });
    });
    channel.on("data", (chunk: Buffer) => {
      if (this.destroyed) return;
      let frames: { message: unknown; bytes: number }[];
      try {
        frames = this.reader.push(chunk);
      } catch (error) {
        this.emit("protocol-error", error);
        return;
      }
      for (const { message, bytes } of frames) this.emit("frame", message, bytes);
    });
    channel.on("error", () => {
      /* the box died; "exit" reports it */
    });
    child.stdout?.on("data", (c: Buffer) => this.capture(this.stdoutChunks, c));
    child.stderr?.on("data", (c: Buffer) => this.capture(this.stderrChunks, c));
  }

  /**
   * Starts a box and waits for its harness's hello. Throws SandboxUnavailableError when bwrap is missing
   * (and unsafe mode is off); any other start failure is an internal error for the caller.
   */
  static async start(options: { language: BoxLanguage; limits: GraderLimits; frameCapBytes?: number }): Promise<Box> {
    const { bwrap, unsafe } = assertSandboxAvailable();
    const { language, limits } = options;
    let seccompFilter: Buffer | undefined;
    try {
      seccompFilter = unsafe ? undefined : buildSeccompFilter();
    } catch (error) {
      if (error instanceof SeccompUnavailableError) throw new SandboxUnavailableError(error.message);
      throw error;
    }
    const id = `${Date.now().toString(36)}-${randomBytes(5).toString("hex")}`;
    const useCgroups = !unsafe && cgroupsAvailable();
    if (useCgroups && !swept) {
      swept = true;
      sweepStaleCgroups();
    }
    const memoryBytes = limits.memoryMb * 1024 * 1024;
    const cgroups = useCgroups ? BoxCgroups.create(id, { memoryBytes, pids: limits.pids, cpuPercent: limits.cpuPercent }) : undefined;
    const hostHarnessDir = harnessDir();
    const node = nodeBinary();
    const harnessInBox = unsafe ? hostHarnessDir : "/box";

    const interpreter =
      language === "python"
        ? [PYTHON, "-B", "-s", path.join(/*turbopackIgnore: true*/ harnessInBox, HARNESS_FILES.python)]
        : [
            node.binary,
            // V8 fails with a clear "heap out of memory" before the cgroup kills it blindly.
            `--max-old-space-size=${Math.max(16, Math.floor(limits.memoryMb * 0.7))}`,
            "--enable-source-maps",
            path.join(/*turbopackIgnore: true*/ harnessInBox, HARNESS_FILES.javascript),
          ];

    const prlimit = [
      "/usr/bin/prlimit",
      `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
      `--fsize=${limits.fileSizeMb * 1024 * 1024}`,
      `--nofile=${limits.openFiles}`,
      "--core=0",
    ];
    if (!useCgroups) {
      // No cgroups: per-uid process count and address space instead (V8 reserves huge address space, so
      // Node relies on its heap flag rather than RLIMIT_AS).
      prlimit.push(`--nproc=${limits.pids + tasksOfCurrentUser()}`);
      if (language === "python") prlimit.push(`--as=${memoryBytes + 64 * 1024 * 1024}`);
    }

    let command: string[];
    let hostUid: number | undefined;
    if (unsafe) {
      command = [...prlimit, "--", ...interpreter];
    } else {
      const bwrapArgs = [
        bwrap!,
        "--unshare-all",
        "--unshare-user",
        "--uid", "65534",
        "--gid", "65534",
        "--disable-userns",
        "--die-with-parent",
        "--new-session",
        "--cap-drop", "ALL",
        "--hostname", "box",
        "--ro-bind", "/usr", "/usr",
        "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/lib64", "/lib64",
        "--symlink", "usr/bin", "/bin",
        // Debian's shared-library alternatives (numpy's libblas.so.3 points through here) and the
        // loader cache; both are symlinks/indexes of /usr, nothing else of /etc is visible.
        "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
        "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
        ...(node.extraBind ? ["--ro-bind", node.extraBind, node.extraBind] : []),
        "--proc", "/proc",
        ...MASKED_PROC_FILES.filter((f) => fs.existsSync(`/proc/${f}`)).flatMap((f) => ["--ro-bind", path.join(hostHarnessDir, EMPTY_FILE), `/proc/${f}`]),
        "--dev", "/dev",
        // /dev is read-only; /dev/shm (POSIX semaphores, multiprocessing) is a sized tmpfs like /tmp.
        "--perms", "1777",
        "--size", String(limits.tmpSizeMb * 1024 * 1024),
        "--tmpfs", "/dev/shm",
        "--remount-ro", "/dev",
        "--size", String(limits.tmpSizeMb * 1024 * 1024),
        "--tmpfs", "/tmp",
        "--ro-bind", hostHarnessDir, "/box",
        "--remount-ro", "/",
        "--clearenv",
        ...Object.entries(BOX_ENV).flatMap(([k, v]) => ["--setenv", k, v]),
        "--chdir", "/tmp",
        "--seccomp", "4",
        "--",
        ...interpreter,
      ];
      // As root, bwrap itself runs as an unprivileged host user of its own (one uid per live box, so per-uid
      // kernel counters are not shared between boxes): inside its user namespace the program is uid 65534
      // either way, but then it is not host root outside it (defence in depth). Without setpriv no box starts.
      let dropPrivileges: string[] = [];
      if (process.getuid?.() === 0) {
        if (!fs.existsSync(SETPRIV)) {
          throw new SandboxUnavailableError(`${SETPRIV} (Debian util-linux) is missing, so boxes cannot drop root; refusing to grade`);
        }
        hostUid = allocateBoxUid();
        dropPrivileges = [SETPRIV, `--reuid=${hostUid}`, `--regid=${hostUid}`, "--clear-groups", "--"];
      }
      command = [...prlimit, "--", ...dropPrivileges, ...bwrapArgs];
    }

    const launcher = boxLauncher(cgroups?.procsFiles ?? [], command);

    const child: ChildProcess = spawn(launcher[0], launcher.slice(1), {
      stdio: ["ignore", "pipe", "pipe", "pipe", "pipe"],
      env: (unsafe ? BOX_ENV : { PATH: "/usr/bin:/bin" }) as NodeJS.ProcessEnv,
      cwd: unsafe ? os.tmpdir() : "/",
      detached: true, // own process group: destroy() can kill the whole group
    });
    const channel = child.stdio[3] as Socket;
    const seccompPipe = child.stdio[4] as Socket;
    seccompPipe.on("error", () => {});
    if (seccompFilter) seccompPipe.end(seccompFilter);
    else seccompPipe.end();

    const box = new Box(language, limits, child, channel, cgroups, id, options.frameCapBytes ?? 16 * 1024 * 1024);
    box.hostUid = hostUid;
    startedIds.add(id);
    liveIds.add(id);
    try {
      await box.waitForHello(10_000);
    } catch (error) {
      await box.destroy();
      throw error;
    }
    box.startMs = performance.now() - box.startedAt;
    return box;
  }

  private waitForHello(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.off("frame", onFrame);
        this.off("exit", onExit);
        if (error) reject(error);
        else resolve();
      };
      const onFrame = (frame: { type?: string }) => {
        if (frame?.type === "hello") done();
        else done(new Error(`box ${this.id}: expected hello, got ${JSON.stringify(frame).slice(0, 200)}`));
      };
      const onExit = (exit: BoxExit) =>
        done(new Error(`box ${this.id} exited before its harness started (${JSON.stringify(exit)}): ${this.output().stderr.slice(0, 500)}`));
      const timer = setTimeout(() => done(new Error(`box ${this.id}: no hello within ${timeoutMs} ms`)), timeoutMs);
      this.on("frame", onFrame);
      this.on("exit", onExit);
    });
  }

  private capture(into: Buffer[], chunk: Buffer): void {
    const cap = this.limits.outputKb * 1024;
    this.outputBytes += chunk.length;
    if (this.kept < cap) {
      const part = chunk.subarray(0, cap - this.kept);
      into.push(part);
      this.kept += part.length;
    }
    if (this.outputBytes > cap && !this.outputExceeded) {
      this.outputExceeded = true;
      this.emit("output-limit");
    }
  }

  /** Bytes printed so far on stdout and stderr (offsets for per-test excerpts). */
  outputOffsets(): { stdout: number; stderr: number } {
    const sum = (chunks: Buffer[]) => chunks.reduce((n, c) => n + c.length, 0);
    return { stdout: sum(this.stdoutChunks), stderr: sum(this.stderrChunks) };
  }

  /** Captured output (up to the cap); `from` gives an excerpt starting at earlier offsets. */
  output(from: { stdout: number; stderr: number } = { stdout: 0, stderr: 0 }): BoxOutput {
    return {
      stdout: Buffer.concat(this.stdoutChunks).subarray(from.stdout).toString("utf8"),
      stderr: Buffer.concat(this.stderrChunks).subarray(from.stderr).toString("utf8"),
      bytes: this.outputBytes,
      exceeded: this.outputExceeded,
    };
  }

  send(message: unknown): void {
    if (this.destroyed || this.exited) return;
    this.channel.write(encodeFrame(message));
  }

  /** Sends and resolves once the channel has taken the frame (its buffer drained), or the box is gone. */
  deliver(message: unknown): Promise<void> {
    if (this.destroyed || this.exited) return Promise.resolve();
    return this.deliverEncoded(encodeFrame(message));
  }

  /** As deliver, for a frame already encoded (by the engine host thread: the event loop only writes it). */
  deliverEncoded(frame: Uint8Array): Promise<void> {
    if (this.destroyed || this.exited) return Promise.resolve();
    if (this.channel.write(frame)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.channel.off("drain", done);
        this.channel.off("close", done);
        this.off("exit", done);
        resolve();
      };
      this.channel.on("drain", done);
      this.channel.on("close", done);
      this.on("exit", done);
    });
  }

  /** Rewrites the cgroup limits (a pooled box started with the defaults; a question may ask for others). */
  relimit(limits: GraderLimits): void {
    this.limits = limits;
    this.cgroups?.setLimits({ memoryBytes: limits.memoryMb * 1024 * 1024, pids: limits.pids, cpuPercent: limits.cpuPercent });
  }

  stats(): CgroupStats | undefined {
    return this.cgroups?.stats();
  }

  get usesCgroups(): boolean {
    return !!this.cgroups;
  }

  /** Resolves when the launcher has exited (no earlier than the last box process when cgroups are used). */
  waitForExit(): Promise<BoxExit> {
    return this.exitPromise;
  }

  /** Kills the process group and everything in the cgroups, waits for the exit, removes the cgroups. Idempotent. */
  async destroy(): Promise<void> {
    if (this.destroyed) return this.exitPromise.then(() => undefined);
    this.destroyed = true;
    if (!this.exited && this.child.pid) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        /* group already gone */
      }
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exitPromise, new Promise((r) => (timer = setTimeout(r, 2_000)))]);
    clearTimeout(timer);
    this.channel.destroy();
    await this.cgroups?.destroy();
    liveIds.delete(this.id);
    if (this.hostUid !== undefined) boxUidsInUse.delete(this.hostUid);
  }
}
