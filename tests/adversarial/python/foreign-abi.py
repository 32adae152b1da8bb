# expect: AC
# A call through another ABI (x32: bit 30 of the number) is checked against the wrong table by a naive
# filter; libseccomp's filter kills the process instead. A forked child makes the call; the parent checks
# that the child died of SIGSYS (31) and never returned.
import ctypes
import os
import platform

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def solve(ctx, engine):
    if platform.machine() != "x86_64":
        return "blocked"
    pid = os.fork()
    if pid == 0:
        libc.syscall(0x40000000 | 39)  # x32 getpid
        os._exit(7)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == 31:
        return "blocked"
    return "child status %d" % status
