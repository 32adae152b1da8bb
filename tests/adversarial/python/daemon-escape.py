# expect: AC
# Double-forks a daemon into its own session that would outlive the submission; the suite's cleanup
# check (no process of the box user left, cgroups removed) fails if it survives.
import os
import time


def solve(ctx, engine):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(3600)
        os._exit(0)
    time.sleep(0.1)
    return "blocked"
