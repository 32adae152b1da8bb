# expect: AC
import os


def solve(ctx, engine):
    print(dict(os.environ))
    leaked = [name for name in ctx["secretNames"] if name in os.environ]
    return "blocked" if not leaked else "LEAKED " + ",".join(leaked)
