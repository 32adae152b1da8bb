# expect: MLE
def solve(ctx, engine):
    hoard = []
    while True:
        hoard.append(bytearray(1 << 20))
