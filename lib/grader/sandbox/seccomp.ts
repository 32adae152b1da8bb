/**
 * The seccomp filter handed to bubblewrap (`--seccomp FD`): classic BPF, written out by hand so there is
 * no native dependency. It runs on every system call of every process in the box.
 *
 * Program: (1) kill the process unless the call uses the x86-64 ABI (a 32-bit int 0x80 call would be
 * checked against the wrong numbers); (2) refuse x32-ABI numbers (bit 30); (3) refuse with EPERM every
 * call on the deny list — kernel-attack surface and namespace/mount tricks an interpreter never needs;
 * (4) allow the rest. EPERM (rather than kill) lets a probing program see a clean error and keeps the
 * verdict an ordinary RE if it insists.
 *
 * @example
 *   const bytes = buildSeccompFilter();   // Buffer of 8-byte `struct sock_filter`s
 *   // child_process.spawn(..., { stdio: [..., "pipe"] }) then write bytes to that fd and end it
 */

/** struct seccomp_data offsets. */
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;

const BPF_LD_W_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
const BPF_JEQ_K = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const BPF_JGE_K = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const BPF_RET_K = 0x06; // BPF_RET | BPF_K

const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const SECCOMP_RET_KILL_PROCESS = 0x80000000;
const SECCOMP_RET_ERRNO = 0x00050000;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const EPERM = 1;

/** x86-64 system call numbers refused inside the box (from arch/x86/entry/syscalls/syscall_64.tbl). */
export const DENIED_SYSCALLS: Readonly<Record<string, number>> = {
  personality: 135,
  ptrace: 101,
  syslog: 103,
  vhangup: 153,
  pivot_root: 155,
  chroot: 161,
  acct: 163,
  settimeofday: 164,
  mount: 165,
  umount2: 166,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  sethostname: 170,
  setdomainname: 171,
  iopl: 172,
  ioperm: 173,
  init_module: 175,
  delete_module: 176,
  quotactl: 179,
  lookup_dcookie: 212,
  clock_settime: 227,
  kexec_load: 246,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  unshare: 272,
  perf_event_open: 298,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  setns: 308,
  process_vm_readv: 310,
  process_vm_writev: 311,
  finit_module: 313,
  kexec_file_load: 320,
  bpf: 321,
  userfaultfd: 323,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
};

interface Instruction {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

const stmt = (code: number, k: number): Instruction => ({ code, jt: 0, jf: 0, k });
const jump = (code: number, k: number, jt: number, jf: number): Instruction => ({ code, jt, jf, k });

/** The filter as instructions (exported for tests that check its shape). */
export function seccompProgram(denied: readonly number[] = Object.values(DENIED_SYSCALLS)): Instruction[] {
  const refuse = stmt(BPF_RET_K, SECCOMP_RET_ERRNO | EPERM);
  const program: Instruction[] = [
    stmt(BPF_LD_W_ABS, OFFSET_ARCH),
    jump(BPF_JEQ_K, AUDIT_ARCH_X86_64, 1, 0),
    stmt(BPF_RET_K, SECCOMP_RET_KILL_PROCESS),
    stmt(BPF_LD_W_ABS, OFFSET_NR),
  ];
  // Layout after the load: [x32 check][one JEQ per denied number][ALLOW][EPERM].
  // Each jump's true branch skips to the EPERM return at the end.
  const n = denied.length;
  program.push(jump(BPF_JGE_K, X32_SYSCALL_BIT, n + 1, 0));
  denied.forEach((nr, i) => program.push(jump(BPF_JEQ_K, nr, n - i, 0)));
  program.push(stmt(BPF_RET_K, SECCOMP_RET_ALLOW));
  program.push(refuse);
  if (program.length > 255) throw new Error("seccomp program too long for 8-bit jump offsets");
  return program;
}

/** The filter serialised as `struct sock_filter[]` (little-endian, 8 bytes each), ready for bwrap. */
export function buildSeccompFilter(): Buffer {
  const program = seccompProgram();
  const out = Buffer.alloc(program.length * 8);
  program.forEach((ins, i) => {
    out.writeUInt16LE(ins.code, i * 8);
    out.writeUInt8(ins.jt, i * 8 + 2);
    out.writeUInt8(ins.jf, i * 8 + 3);
    out.writeUInt32LE(ins.k >>> 0, i * 8 + 4);
  });
  return out;
}
