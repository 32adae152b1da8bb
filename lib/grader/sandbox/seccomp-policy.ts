/**
 * The sandbox's system-call policy, as data (ADR 0303). Default deny: a call that is not listed here fails
 * with ENOSYS ("not implemented"), which is what programs and libc expect of a call the kernel lacks, so
 * newer calls (statmount, listmount, …) are refused until someone reviews them and adds them here.
 *
 * The list started from Docker's default profile (a broad list meant for ordinary programs) and was cut to
 * what a single-process Python+numpy or Node program needs: the calls the bank's reference solutions make
 * were measured with `strace -f` in the box (ADR 0303 lists them) and everything else kept here is an
 * ordinary libc facility (threads, timers, files in /tmp, pipes, polling, signals, process control inside
 * the box). Left out on purpose: kernel attack surface (io_uring, bpf, userfaultfd, perf, keyrings,
 * NUMA memory policy, kcmp, pidfd_getfd, process_madvise, process_vm_*), namespace and mount calls,
 * module/kexec/reboot/clock setting, handle-based opens, memfd_create/execveat (running code that never
 * touched the read-only file system), SysV IPC and AIO.
 *
 * Calls whose arguments matter are allowed only with safe arguments:
 *  - socket/socketpair: AF_UNIX only (the network namespace does not confine AF_VSOCK, and rare families
 *    are attack surface); any other family fails with EAFNOSUPPORT.
 *  - clone: only without namespace flags (otherwise ENOSYS); clone3 fails with ENOSYS so libc falls back to
 *    clone, whose flags a filter can see (clone3 passes them in memory).
 *  - ioctl: only the terminal/fd queries libc and Node make (isatty, window size, non-blocking, close-on-exec);
 *    any other request fails with ENOSYS.
 * The filter is compiled by libseccomp (Debian python3-seccomp) for the host's own architecture; libseccomp
 * kills a process that enters through another ABI (i386 int 0x80, x32).
 */

/** Calls allowed with any arguments. */
export const ALLOWED_SYSCALLS: readonly string[] = [
  // memory
  "brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "msync", "mincore", "pkey_alloc", "pkey_free", "pkey_mprotect",
  "membarrier",
  // files (the box's file system is read-only except /tmp)
  "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2",
  "open", "openat", "openat2", "creat", "close", "close_range", "lseek", "dup", "dup2", "dup3", "fcntl", "flock",
  "stat", "fstat", "lstat", "newfstatat", "statx", "statfs", "fstatfs", "access", "faccessat", "faccessat2",
  "getdents", "getdents64", "getcwd", "chdir", "fchdir", "readlink", "readlinkat",
  "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2", "link", "linkat",
  "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "umask", "truncate", "ftruncate", "fallocate", "fadvise64",
  "fsync", "fdatasync", "utime", "utimes", "utimensat", "futimesat", "copy_file_range", "sendfile",
  "getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr", "flistxattr",
  "pipe", "pipe2", "eventfd", "eventfd2", "inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch",
  // polling and sockets that already exist (the channel, socketpairs)
  "poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
  "epoll_pwait2", "recvfrom", "recvmsg", "recvmmsg", "sendto", "sendmsg", "sendmmsg", "shutdown",
  "getsockname", "getpeername", "getsockopt", "setsockopt", "bind", "listen", "accept", "accept4", "connect",
  // time and sleeping
  "clock_gettime", "clock_getres", "clock_nanosleep", "gettimeofday", "time", "nanosleep", "times",
  "timer_create", "timer_settime", "timer_gettime", "timer_getoverrun", "timer_delete",
  "timerfd_create", "timerfd_settime", "timerfd_gettime", "getitimer", "setitimer", "alarm", "pause",
  // threads, signals, futexes
  "futex", "futex_waitv", "set_robust_list", "get_robust_list", "set_tid_address", "rseq", "gettid", "tgkill", "tkill",
  "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending", "rt_sigsuspend", "rt_sigtimedwait",
  "rt_sigqueueinfo", "rt_tgsigqueueinfo", "sigaltstack", "signalfd", "signalfd4", "restart_syscall",
  "sched_yield", "sched_getaffinity", "sched_setaffinity", "sched_getparam", "sched_getscheduler",
  "sched_get_priority_max", "sched_get_priority_min", "sched_rr_get_interval", "sched_getattr", "getcpu",
  // processes inside the box (pids and memory are limited by the cgroup)
  "fork", "vfork", "execve", "exit", "exit_group", "wait4", "waitid", "kill", "getpid", "getppid", "getpgid",
  "getpgrp", "setpgid", "getsid", "setsid", "prctl", "arch_prctl", "getpriority", "setpriority",
  "getrlimit", "setrlimit", "prlimit64", "getrusage", "pidfd_open", "pidfd_send_signal",
  // identity queries (the box is uid 65534 in its own user namespace, with no capabilities)
  "getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid", "getgroups", "capget",
  "uname", "sysinfo", "getrandom",
];

export const AF_UNIX = 1;
/** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET. */
export const CLONE_NAMESPACE_FLAGS = 0x7e020000;
/** ioctl requests libc and Node make on ordinary file descriptors. */
export const ALLOWED_IOCTLS: Readonly<Record<string, number>> = {
  TCGETS: 0x5401, // isatty()
  TIOCGWINSZ: 0x5413, // terminal size
  TIOCGPGRP: 0x540f,
  FIONREAD: 0x541b,
  FIONBIO: 0x5421,
  FIONCLEX: 0x5450,
  FIOCLEX: 0x5451,
};

export type ArgCondition = { arg: number; op: "EQ" | "NE" | "MASKED_EQ"; value: number; mask?: number };

/** One libseccomp rule: the action when every condition holds (no conditions: always). */
export interface SeccompRule {
  syscall: string;
  action: "ALLOW" | { errno: number };
  when?: ArgCondition[];
}

export const ERRNO = { EPERM: 1, ENOTTY: 25, ENOSYS: 38, EAFNOSUPPORT: 97 } as const;

/** Calls refused with EPERM rather than ENOSYS: the probes a hostile program makes first get a plain "no". */
export const REFUSED_WITH_EPERM: readonly string[] = [
  "ptrace", "personality", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "bpf", "perf_event_open",
  "keyctl", "add_key", "request_key", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
  "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "process_madvise", "memfd_create", "execveat",
  "open_by_handle_at", "name_to_handle_at", "init_module", "finit_module", "delete_module", "kexec_load",
  "kexec_file_load", "reboot", "swapon", "swapoff", "syslog", "acct", "settimeofday", "clock_settime", "clock_adjtime",
  "adjtimex", "sethostname", "setdomainname", "iopl", "ioperm", "quotactl", "quotactl_fd", "mount_setattr",
  "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "lookup_dcookie", "vhangup", "mbind",
  "set_mempolicy", "get_mempolicy", "migrate_pages", "move_pages", "modify_ldt",
];

/** Every rule of the policy, in the order they are added to the filter. */
export function seccompRules(): SeccompRule[] {
  const rules: SeccompRule[] = ALLOWED_SYSCALLS.map((syscall) => ({ syscall, action: "ALLOW" }));
  for (const syscall of ["socket", "socketpair"]) {
    rules.push({ syscall, action: "ALLOW", when: [{ arg: 0, op: "EQ", value: AF_UNIX }] });
    rules.push({ syscall, action: { errno: ERRNO.EAFNOSUPPORT }, when: [{ arg: 0, op: "NE", value: AF_UNIX }] });
  }
  rules.push({ syscall: "clone", action: "ALLOW", when: [{ arg: 0, op: "MASKED_EQ", mask: CLONE_NAMESPACE_FLAGS, value: 0 }] });
  rules.push({ syscall: "clone3", action: { errno: ERRNO.ENOSYS } });
  for (const request of Object.values(ALLOWED_IOCTLS)) {
    rules.push({ syscall: "ioctl", action: "ALLOW", when: [{ arg: 1, op: "EQ", value: request }] });
  }
  for (const syscall of REFUSED_WITH_EPERM) rules.push({ syscall, action: { errno: ERRNO.EPERM } });
  return rules;
}
