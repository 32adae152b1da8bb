# Wrong: cuts the nucleus but does not renormalise it, so the cumulative sum stops short of 1 and every large u falls through to the last kept candidate.
import math


def sample_tokens(logits, temperature, top_k, top_p, seed, n, engine):
    state = seed % 2**32

    def next_uniform():
        nonlocal state
        state = (1664525 * state + 1013904223) % 2**32
        return state / 2**32

    if temperature == 0:
        return [max(range(len(logits)), key=lambda i: (logits[i], -i))] * n
    scaled = [z / temperature for z in logits]
    order = sorted(range(len(scaled)), key=lambda i: (-scaled[i], i))
    if top_k > 0:
        order = order[:top_k]
    top = scaled[order[0]]
    weights = [math.exp(scaled[i] - top) for i in order]
    probs = [w / sum(weights) for w in weights]
    if top_p < 1:
        running, keep = 0.0, len(probs)
        for j, p in enumerate(probs):
            running += p
            if running >= top_p:
                keep = j + 1
                break
        order, probs = order[:keep], probs[:keep]
    samples = []
    for _ in range(n):
        u = next_uniform()
        running, choice = 0.0, order[-1]
        for i, p in zip(order, probs):
            running += p
            if u < running:
                choice = i
                break
        samples.append(choice)
    return samples
