# expect: AC
# The box may hold only its stdio, the harness channel and what it opens itself: no descriptor inherited from the
# worker (database sockets, log files, pipes of the worker's own parent).
import os


def solve(ctx, engine):
    leaked = []
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink("/proc/self/fd/" + name)
        except OSError:
            continue
        fd = int(name)
        if fd <= 2:
            continue
        if target.startswith("socket:") or target.startswith("/proc/"):
            continue  # the harness channel; this listing itself
        leaked.append("%d -> %s" % (fd, target))
    return "blocked" if not leaked else "LEAKED %s" % leaked
