# expect: RE
def solve(ctx, engine):
    i = 0
    while True:
        with open("/tmp/f%d" % i, "wb") as f:
            f.write(b"\0" * 65536)
        i += 1
