# expect: RE|TLE
import os


def solve(ctx, engine):
    for fd in range(3, 1024):
        try:
            os.close(fd)
        except OSError:
            pass
    return "blocked"
