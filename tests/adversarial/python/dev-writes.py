# expect: AC
# /dev is read-only and /dev/shm is a sized tmpfs: neither can fill the host's memory.
import errno


def solve(ctx, engine):
    problems = []
    try:
        with open("/dev/evil", "w") as f:
            f.write("x")
        problems.append("/dev writable")
    except OSError as error:
        if error.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            problems.append("/dev: %s" % error)
    # Files of 4 MiB each (one file is also capped by RLIMIT_FSIZE): the tmpfs fills up long before 512 MiB.
    chunk = b"\0" * (4 << 20)
    try:
        for i in range(128):
            with open("/dev/shm/fill%d" % i, "wb") as f:
                f.write(chunk)
        problems.append("/dev/shm took 512 MiB")
    except OSError as error:
        if error.errno != errno.ENOSPC:
            problems.append("/dev/shm: %s" % error)
    return "blocked" if not problems else "PROBLEMS %s" % problems
