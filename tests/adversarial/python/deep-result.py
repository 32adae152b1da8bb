# expect: RE
# A result nested thousands of levels deep used to overflow the host's preview and become IE (retried twice).
# Now it is refused with a message: "the returned value cannot be checked: it is nested deeper than 64 levels".
import sys

sys.setrecursionlimit(100000)


def solve(ctx, engine):
    value = []
    for _ in range(900):
        value = [value]
    return value
