# Wrong: keeps beam_width unfinished candidates every step (finished ones do not use up beam slots), so the search explores more than the stated beam.
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
        for seq, score in candidates:
            if len(active) == beam_width:
                break
            if seq[-1] == eos:
                if len(finished) < beam_width:
                    finished.append((seq, score))
            else:
                active.append((seq, score))

    def normalised(candidate):
        seq, score = candidate
        n = len(seq) - 1
        return score / n ** alpha if n > 0 else 0.0

    best = sorted(finished + active, key=lambda c: (-normalised(c), c[0]))[0]
    return {"sequence": best[0], "score": best[1]}
