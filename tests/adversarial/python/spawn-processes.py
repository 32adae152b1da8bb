# expect: RE|TLE
import subprocess


def solve(ctx, engine):
    children = []
    while True:
        children.append(subprocess.Popen(["/usr/bin/sleep", "1000"]))
