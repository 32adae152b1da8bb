# expect: RE
# Finds the harness's channel (any socket fd) and writes well-formed result frames for tests not yet sent.
import json
import os


def frame(message):
    body = json.dumps(message).encode()
    return len(body).to_bytes(4, "big") + body


def solve(ctx, engine):
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink("/proc/self/fd/" + name).startswith("socket:"):
                for index in range(1, 20):
                    os.write(int(name), frame({"type": "result", "index": index, "value": "blocked"}))
        except OSError:
            pass
    return "wrong"
