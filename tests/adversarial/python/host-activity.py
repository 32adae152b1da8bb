# expect: AC
# /proc inside the box must not show the host's load, uptime, interrupts or kernel command line (a side channel
# on other submissions' activity and a map of the host); the box's own processes are all it sees.
import os


def solve(ctx, engine):
    shown = []
    for name in ["loadavg", "uptime", "interrupts", "diskstats", "cmdline", "softirqs", "vmstat"]:
        try:
            with open("/proc/" + name) as f:
                if f.read().strip():
                    shown.append(name)
        except OSError:
            pass
    pids = [p for p in os.listdir("/proc") if p.isdigit()]
    if len(pids) > 8:
        shown.append("%d processes visible" % len(pids))
    return "blocked" if not shown else "SHOWN %s" % shown
