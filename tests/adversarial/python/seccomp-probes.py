# expect: AC
# Each of these must be refused inside the box (seccomp EPERM, no capabilities, no user namespaces).
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)


def refused(result):
    return result == -1 and ctypes.get_errno() in (errno.EPERM, errno.EACCES, errno.ENOSYS, errno.EINVAL)


def solve(ctx, engine):
    allowed = []
    PTRACE_ATTACH = 16
    if not refused(libc.ptrace(PTRACE_ATTACH, 1, None, None)):
        allowed.append("ptrace")
    if not refused(libc.unshare(0x10000000)):  # CLONE_NEWUSER
        allowed.append("unshare")
    if not refused(libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)):
        allowed.append("mount")
    if not refused(libc.syscall(321, 0, None, 0)):  # bpf
        allowed.append("bpf")
    if not refused(libc.syscall(425, 8, None)):  # io_uring_setup
        allowed.append("io_uring_setup")
    if not refused(libc.syscall(298, None, 0, -1, -1, 0)):  # perf_event_open
        allowed.append("perf_event_open")
    if not refused(libc.syscall(250, 0, 0, 0, 0, 0)):  # keyctl
        allowed.append("keyctl")
    if not refused(libc.personality(0x0040000)):  # ADDR_NO_RANDOMIZE
        allowed.append("personality")
    with open("/proc/self/status") as f:
        status = f.read()
    if "Seccomp:\t2" not in status:  # 2 = a filter is installed
        allowed.append("no seccomp filter")
    if "NoNewPrivs:\t1" not in status:
        allowed.append("no_new_privs unset")
    if "CapEff:\t0000000000000000" not in status:
        allowed.append("effective capabilities")
    return "blocked" if not allowed else "ALLOWED %s" % allowed
