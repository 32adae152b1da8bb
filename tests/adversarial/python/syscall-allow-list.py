# expect: AC
# The seccomp filter is an allow-list: calls it does not list fail (ENOSYS), including calls newer than the
# list (statmount, listmount), and the calls a deny list missed (kcmp, pidfd_getfd, process_madvise, NUMA
# memory policy, mount_setattr, quotactl_fd, memfd_create, execveat, clone3, namespace flags on clone).
import ctypes
import errno

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

CALLS = {
    "kcmp": (312, 1, 1, 0, 0, 0),
    "pidfd_getfd": (438, 0, 0, 0),
    "process_madvise": (440, 0, 0, 0, 0, 0),
    "mbind": (237, 0, 4096, 0, 0, 0, 0),
    "set_mempolicy": (238, 0, 0, 0),
    "migrate_pages": (256, 0, 0, 0, 0),
    "move_pages": (279, 0, 0, 0, 0, 0, 0),
    "mount_setattr": (442, -1, 0, 0, 0, 0),
    "quotactl_fd": (443, 0, 0, 0, 0),
    "memfd_create": (319, b"x", 0),
    "execveat": (322, -1, b"", None, None, 0x1000),
    "clone3": (435, None, 0),
    "statmount": (457, 0, 0, 0, 0),
    "listmount": (458, 0, 0, 0, 0),
    "an unassigned number": (600,),
    "io_uring_setup": (425, 8, None),
    "userfaultfd": (323, 0),
    "ioctl TIOCSTI": (16, 0, 0x5412, b"x"),
    "ioctl TIOCLINUX": (16, 0, 0x541C, b"x"),
}


def solve(ctx, engine):
    allowed = []
    for name, args in CALLS.items():
        result = libc.syscall(*args)
        if result != -1 or ctypes.get_errno() not in (errno.ENOSYS, errno.EPERM, errno.EACCES, errno.EINVAL, errno.EBADF, errno.ENOTTY):
            allowed.append("%s=%d/%d" % (name, result, ctypes.get_errno()))
    # clone(2) with CLONE_NEWUSER | SIGCHLD: namespace flags are refused even though threads can be created.
    result = libc.syscall(56, 0x10000000 | 17, None, None, None, 0)
    if result == 0:
        libc._exit(0)
    if result != -1:
        allowed.append("clone(CLONE_NEWUSER)=%d" % result)
    result = libc.syscall(56, 0x40000000 | 17, None, None, None, 0)  # CLONE_NEWNET
    if result == 0:
        libc._exit(0)
    if result != -1:
        allowed.append("clone(CLONE_NEWNET)=%d" % result)
    return "blocked" if not allowed else "ALLOWED %s" % allowed
