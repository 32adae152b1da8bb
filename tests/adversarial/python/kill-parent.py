# expect: RE|AC
import os
import signal


def solve(ctx, engine):
    for target in [os.getppid(), 1]:
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass
    os.kill(-1, signal.SIGKILL)
    return "blocked"
