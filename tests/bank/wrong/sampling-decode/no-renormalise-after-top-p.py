# Cuts the nucleus at top_p but does not renormalise it, so u above the kept mass falls through to the last candidate.
import math


def sample_decode(prompt, max_new_tokens, temperature, top_k, top_p, seed, engine):
    state = seed % 2**32

    def next_uniform():
        nonlocal state
        state = (1664525 * state + 1013904223) % 2**32
        return state / 2**32

    def pick(logits):
        if temperature == 0:
            return max(range(len(logits)), key=logits.__getitem__)
        scaled = [z / temperature for z in logits]
        order = sorted(range(len(scaled)), key=lambda i: (-scaled[i], i))
        if top_k > 0:
            order = order[:top_k]
        top = scaled[order[0]]
        weights = [math.exp(scaled[i] - top) for i in order]
        total = sum(weights)
        probs = [w / total for w in weights]
        if top_p < 1:
            running, keep = 0.0, len(probs)
            for j, p in enumerate(probs):
                running += p
                if running >= top_p:
                    keep = j + 1
                    break
            order, probs = order[:keep], probs[:keep]
        u = next_uniform()
        running = 0.0
        for i, p in zip(order, probs):
            running += p
            if u < running:
                return i
        return order[-1]

    if max_new_tokens <= 0:
        return []
    eos = engine.info("gpt")["eos_id"]
    ids = engine.tokenize("gpt", prompt)["input_ids"]
    out = engine.forward("gpt", {"input_ids": [ids], "past": None})
    generated = []
    while True:
        token = pick(out["logits"][0])
        generated.append(token)
        if token == eos or len(generated) == max_new_tokens:
            return generated
        out = engine.forward("gpt", {"input_ids": [[token]], "past": out["past"]})
