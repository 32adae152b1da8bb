# Wrong: picks the final answer by raw score, ignoring the length penalty alpha.
def beam_search(log_probs, start, eos, beam_width, max_steps, alpha, engine):
    active = [([start], 0.0)]
    finished = []
    for _ in range(max_steps):
        if not active:
            break
        candidates = []
        for seq, score in active:
            for token, lp in enumerate(log_probs[seq[-1]]):
                candidates.append((seq + [token], score + lp))
        candidates.sort(key=lambda c: (-c[1], c[0]))
        active = []
        for seq, score in candidates[:beam_width]:
            (finished if seq[-1] == eos else active).append((seq, score))
    best = sorted(finished + active, key=lambda c: (-c[1], c[0]))[0]
    return {"sequence": best[0], "score": best[1]}
