# expect: AC
# 192.0.2.1 is TEST-NET-1 (never routed); inside the box there is no route at all, so this fails at once.
# Since the seccomp allow-list admits AF_UNIX sockets only, the socket cannot even be created (EAFNOSUPPORT).
import socket
import time


def solve(ctx, engine):
    started = time.time()
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return "blocked"
    s.settimeout(1.5)
    try:
        s.connect(("192.0.2.1", 80))
        return "REACHED"
    except OSError:
        return "blocked" if time.time() - started < 0.5 else "slow failure: a route exists"
    finally:
        s.close()
