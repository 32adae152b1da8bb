# expect: AC
# The host test listens on 127.0.0.1:ctx["port"]; the box has its own network namespace (and, since the seccomp
# allow-list admits AF_UNIX sockets only, cannot create a TCP socket at all).
import socket


def solve(ctx, engine):
    reached = []
    for port in [ctx["port"], 3000, 5432]:
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        except OSError:
            continue
        s.settimeout(1)
        try:
            s.connect(("127.0.0.1", port))
            reached.append(port)
        except OSError:
            pass
        finally:
            s.close()
    return "blocked" if not reached else "REACHED %s" % reached
