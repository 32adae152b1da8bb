# expect: TLE
import time


def solve(ctx, engine):
    end = time.time() + 3600
    while time.time() < end:
        pass
    return "blocked"
