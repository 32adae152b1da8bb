# expect: TLE
# RLIMIT_CPU is per process: three forked spinners used to get three budgets and hold every core. The box's CPU
# time is now counted across all its processes (cgroup) and its share of the CPU is one core (quota).
import os


def solve(ctx, engine):
    children = []
    for _ in range(3):
        pid = os.fork()
        if pid == 0:
            while True:
                pass
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return "blocked"
