# expect: CE
def solve(ctx, engine)
    return "blocked"
