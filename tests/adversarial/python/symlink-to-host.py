# expect: AC
import os


def solve(ctx, engine):
    leaked = []
    for i, target in enumerate(["/work/main/.env", "/etc/passwd", "/proc/1/root/etc/passwd", "/work"]):
        link = "/tmp/link%d" % i
        try:
            os.symlink(target, link)
            with open(link) as f:
                f.read(10)
            leaked.append(target)
        except OSError:
            pass
    return "blocked" if not leaked else "LEAKED %s" % leaked
