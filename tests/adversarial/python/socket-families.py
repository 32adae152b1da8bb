# expect: AC
# Only AF_UNIX sockets may be created in the box. AF_VSOCK is not confined by the network namespace (this kind
# of VM has a virtio-vsock device) and rare families (RDS, TIPC, CAN, KCM, SMC, packet, netlink…) are kernel
# attack surface. Returns "blocked" when every other family is refused and AF_UNIX still works.
import errno
import socket

FAMILIES = {
    "AF_INET": 2, "AF_INET6": 10, "AF_NETLINK": 16, "AF_PACKET": 17, "AF_RDS": 21, "AF_CAN": 29,
    "AF_TIPC": 30, "AF_ALG": 38, "AF_VSOCK": 40, "AF_KCM": 41, "AF_XDP": 44, "AF_SMC": 43, "AF_BLUETOOTH": 31,
}


def solve(ctx, engine):
    allowed = []
    for name, family in FAMILIES.items():
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_RAW, socket.SOCK_SEQPACKET):
            try:
                s = socket.socket(family, kind)
            except OSError as error:
                if error.errno not in (errno.EAFNOSUPPORT, errno.EPERM, errno.EACCES, errno.ENOSYS):
                    allowed.append("%s/%d errno %s" % (name, kind, error.errno))
                continue
            s.close()
            allowed.append("%s/%d" % (name, kind))
    try:
        a, b = socket.socketpair(socket.AF_INET, socket.SOCK_STREAM)
        allowed.append("socketpair AF_INET")
    except OSError:
        pass
    # AF_UNIX keeps working (multiprocessing and subprocess rely on it).
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    a.sendall(b"ok")
    if b.recv(2) != b"ok":
        allowed.append("AF_UNIX broken")
    return "blocked" if not allowed else "ALLOWED %s" % allowed
