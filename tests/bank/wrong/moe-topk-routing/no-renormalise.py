# Mistake: uses the raw softmax probabilities of the chosen experts as gates, without renormalising them over the top k.
import math


def route_tokens(router_logits, k, capacity_factor, engine):
    tokens = len(router_logits)
    if tokens == 0:
        return {"experts": [], "gates": [], "dropped": [], "load": [], "capacity": 0}
    n_experts = len(router_logits[0])
    capacity = math.ceil(capacity_factor * tokens * k / n_experts)
    experts, gates, dropped = [], [], []
    load = [0] * n_experts
    for t, row in enumerate(router_logits):
        top = max(row)
        exps = [math.exp(z - top) for z in row]
        total = sum(exps)
        probs = [x / total for x in exps]
        chosen = sorted(range(n_experts), key=lambda e: (-probs[e], e))[:k]
        experts.append(chosen)
        gates.append([probs[e] for e in chosen])
        for e in chosen:
            if load[e] < capacity:
                load[e] += 1
            else:
                dropped.append([t, e])
    return {"experts": experts, "gates": gates, "dropped": dropped, "load": load, "capacity": capacity}
