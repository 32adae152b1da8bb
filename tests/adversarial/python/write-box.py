# expect: AC
# The harness directory is read-only; so is everything outside /tmp.
def solve(ctx, engine):
    written = []
    for path in ["/box/python_harness.py", "/box/evil.py", "/usr/lib/python3/dist-packages/evil.py", "/evil", "/etc/evil"]:
        try:
            with open(path, "a") as f:
                f.write("pwned")
            written.append(path)
        except OSError:
            pass
    return "blocked" if not written else "WROTE %s" % written
