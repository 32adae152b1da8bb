# Mistake: iterates over the set of seen tokens for every penalty, so the frequency penalty is applied once instead of count times.
def process_logits(logits, context_ids, repetition_penalty, presence_penalty, frequency_penalty, temperature, engine):
    out = list(logits)
    for t in set(context_ids):
        if out[t] > 0:
            out[t] = out[t] / repetition_penalty
        else:
            out[t] = out[t] * repetition_penalty
        out[t] -= presence_penalty + frequency_penalty
    return [x / temperature for x in out]
