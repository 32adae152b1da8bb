# expect: AC
# Tries every host file and directory a box must not see; returns what it could read (a leak → WA).
import os


def solve(ctx, engine):
    leaked = []
    for path in ["/etc/passwd", "/etc/shadow", "/work/main/.env", "/work/main/package.json", "/work/shared/DESIGN.md",
                 "/root/.bashrc", "/work/main/models/manifest.json", "/work/main/models/word2vec/onnx/model.onnx",
                 "/proc/1/environ", "/proc/self/environ", "/proc/1/cmdline", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]:
        try:
            with open(path, "rb") as f:
                data = f.read(200)
            if path == "/proc/self/environ" or path == "/proc/1/environ" or path == "/proc/1/cmdline":
                if any(name.encode() in data for name in ctx["secretNames"]):
                    leaked.append(path)
            else:
                leaked.append(path)
        except OSError:
            pass
    for directory in ["/work", "/root", "/home", "/var", "/opt", "/mnt"]:
        if os.path.exists(directory):
            leaked.append(directory)
    return "blocked" if not leaked else "LEAKED " + ",".join(leaked)
