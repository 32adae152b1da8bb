# expect: RE|TLE|MLE
import os


def solve(ctx, engine):
    while True:
        try:
            os.fork()
        except OSError:
            pass
