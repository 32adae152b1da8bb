# expect: RE|MLE
import sys


def dive(n):
    return dive(n + 1) + 1


def solve(ctx, engine):
    sys.setrecursionlimit(10**8)
    return dive(0)
