# expect: MLE
def solve(ctx, engine):
    block = bytearray(8 * 1024 ** 3)
    return len(block)
