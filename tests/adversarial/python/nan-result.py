# expect: WA
def solve(ctx, engine):
    return float("nan")
