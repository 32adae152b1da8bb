"""Compiles the sandbox's seccomp policy (JSON on stdin, see seccomp-policy.ts) into classic BPF on stdout.

Run by the grader with Debian's interpreter: /usr/bin/python3 -I compile_seccomp.py < policy.json > filter.bpf
libseccomp (python3-seccomp) builds the program for the host's native architecture and kills any process that
enters through another ABI (i386, x32). Exit code 3: libseccomp is missing; 4: a rule it cannot express.
"""
import json
import sys

try:
    import seccomp
except ImportError:
    sys.stderr.write("python3-seccomp (libseccomp) is not installed\n")
    sys.exit(3)


def action(spec):
    if spec == "ALLOW":
        return seccomp.ALLOW
    return seccomp.ERRNO(int(spec["errno"]))


def condition(cond):
    op = cond["op"]
    if op == "MASKED_EQ":
        return seccomp.Arg(cond["arg"], seccomp.MASKED_EQ, cond["mask"], cond["value"])
    return seccomp.Arg(cond["arg"], getattr(seccomp, op), cond["value"])


def main():
    policy = json.load(sys.stdin)
    # defaultAllow: only for benchmarks that compare with the former deny-list design (seccomp.ts).
    allow_by_default = bool(policy.get("defaultAllow"))
    default = seccomp.ALLOW if allow_by_default else seccomp.ERRNO(int(policy["defaultErrno"]))
    f = seccomp.SyscallFilter(defaction=default)
    # A call through a foreign ABI is never legitimate here: kill the whole process.
    f.set_attr(seccomp.Attr.ACT_BADARCH, seccomp.KILL_PROCESS)
    f.set_attr(seccomp.Attr.CTL_NNP, 1)
    # A binary tree over syscall numbers instead of one comparison per listed call: every system call of the box
    # runs this program, and the allow-list is long (the linear form cost Python's box start ~15 %).
    f.set_attr(seccomp.Attr.CTL_OPTIMIZE, 2)
    skipped = []
    for rule in policy["rules"]:
        try:
            known = seccomp.resolve_syscall(seccomp.Arch.NATIVE, rule["syscall"]) >= 0
        except Exception:  # noqa: BLE001
            known = False
        if not known:
            skipped.append(rule["syscall"])  # unknown to this libseccomp/arch (e.g. an x86-only call on arm64)
            continue
        same_as_default = (rule["action"] == "ALLOW") if allow_by_default else (
            rule["action"] != "ALLOW" and int(rule["action"]["errno"]) == int(policy["defaultErrno"]))
        if same_as_default and not rule.get("when"):
            continue  # the default action already does this (libseccomp refuses a rule equal to the default)
        try:
            f.add_rule(action(rule["action"]), rule["syscall"], *[condition(c) for c in rule.get("when", [])])
        except Exception as error:  # noqa: BLE001 - reported to the caller, which refuses to grade
            sys.stderr.write("cannot add rule %s: %s\n" % (json.dumps(rule), error))
            sys.exit(4)
    out = sys.stdout.buffer
    f.export_bpf(out)
    out.flush()
    if skipped:
        sys.stderr.write("skipped (unknown on this architecture): %s\n" % ",".join(sorted(set(skipped))))


main()
