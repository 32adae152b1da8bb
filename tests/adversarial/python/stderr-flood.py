# expect: OLE
import sys


def solve(ctx, engine):
    while True:
        sys.stderr.write("E" * 4096)
