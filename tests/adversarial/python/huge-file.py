# expect: RE
def solve(ctx, engine):
    with open("/tmp/big", "wb") as f:
        chunk = b"\0" * (1 << 20)
        for _ in range(1024):
            f.write(chunk)
    return "blocked"
