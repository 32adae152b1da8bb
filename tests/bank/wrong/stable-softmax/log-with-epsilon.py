# Wrong: computes a stable softmax but takes log(p + 1e-12) for log_softmax, so an underflowed probability gives about -27.6 instead of the true -1000.
import math


def stable_softmax(logits, engine):
    if not logits:
        return {"softmax": [], "log_softmax": []}
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    total = sum(exps)
    probs = [e / total for e in exps]
    return {"softmax": probs, "log_softmax": [math.log(p + 1e-12) for p in probs]}
