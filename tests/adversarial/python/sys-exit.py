# expect: RE
import sys


def solve(ctx, engine):
    sys.exit(0)
