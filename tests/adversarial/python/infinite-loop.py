# expect: TLE
def solve(ctx, engine):
    while True:
        pass
