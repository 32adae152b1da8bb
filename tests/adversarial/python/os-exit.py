# expect: RE
import os


def solve(ctx, engine):
    os._exit(0)
