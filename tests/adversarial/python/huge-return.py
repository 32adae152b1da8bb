# expect: OLE
def solve(ctx, engine):
    return "x" * (10 * 1024 * 1024)
