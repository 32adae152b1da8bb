# Wrong: never sets finished candidates aside, so a sequence that reached eos keeps being extended past it.
def beam_search(log_probs, start, eos, beam_width, max_steps, alpha, engine):
    beams = [([start], 0.0)]
    for _ in range(max_steps):
        candidates = []
        for seq, score in beams:
            for token, lp in enumerate(log_probs[seq[-1]]):
                candidates.append((seq + [token], score + lp))
        candidates.sort(key=lambda c: (-c[1], c[0]))
        beams = candidates[:beam_width]

    def normalised(candidate):
        seq, score = candidate
        n = len(seq) - 1
        return score / n ** alpha if n > 0 else 0.0

    best = sorted(beams, key=lambda c: (-normalised(c), c[0]))[0]
    return {"sequence": best[0], "score": best[1]}
