# expect: OLE
def solve(ctx, engine):
    line = "spam " * 200
    while True:
        print(line)
