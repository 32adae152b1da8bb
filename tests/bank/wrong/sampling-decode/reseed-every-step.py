# Re-seeds the LCG at every step, so every token is drawn with the same u instead of one generator for the whole generation.
import math


def sample_decode(prompt, max_new_tokens, temperature, top_k, top_p, seed, engine):
    def pick(logits):
        if temperature == 0:
            return max(range(len(logits)), key=logits.__getitem__)
        state = (1664525 * (seed % 2**32) + 1013904223) % 2**32
        u = state / 2**32
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
            total = sum(probs)
            probs = [p / total for p in probs]
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
