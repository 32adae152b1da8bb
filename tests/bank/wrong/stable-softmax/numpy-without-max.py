# Wrong: the textbook numpy formula exp(z) / sum(exp(z)) without subtracting the maximum; numpy overflows to inf with a warning and the results are nan.
import numpy as np


def stable_softmax(logits, engine):
    if not logits:
        return {"softmax": [], "log_softmax": []}
    z = np.array(logits, dtype=np.float64)
    exps = np.exp(z)
    probs = exps / exps.sum()
    return {"softmax": probs.tolist(), "log_softmax": (z - np.log(exps.sum())).tolist()}
