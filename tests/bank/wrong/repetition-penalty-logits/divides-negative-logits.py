# Mistake: divides every seen logit by the penalty regardless of sign, so a negative logit moves towards 0 and the token becomes more likely.
def process_logits(logits, context_ids, repetition_penalty, presence_penalty, frequency_penalty, temperature, engine):
    out = list(logits)
    counts = {}
    for t in context_ids:
        counts[t] = counts.get(t, 0) + 1
    for t, c in counts.items():
        out[t] = out[t] / repetition_penalty
        out[t] -= presence_penalty + frequency_penalty * c
    return [x / temperature for x in out]
