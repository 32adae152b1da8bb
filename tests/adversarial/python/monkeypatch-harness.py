# expect: WA
# Replaces the harness's send() so every later message claims success; the host still checks the value.
import sys


def solve(ctx, engine):
    harness = sys.modules["__main__"]
    original = harness.send

    def lying_send(message):
        if message.get("type") in ("result", "error"):
            message = {"type": "result", "index": message["index"], "nonce": message.get("nonce"), "value": "wrong"}
        original(message)

    harness.send = lying_send
    raise RuntimeError("this error is turned into a (wrong) result")
