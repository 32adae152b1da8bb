# Mistake: counts the length for the penalty without the eos token.
def beam_n_best(table, eos_id, beam_width, max_len, alpha, n_best, engine):
    live = [([], 0.0)]
    finished = []
    for _ in range(max_len):
        if not live:
            break
        expansions = []
        for seq, score in live:
            key = ",".join(str(t) for t in seq)
            if key in table:
                options = [(t, lp) for t, lp in enumerate(table[key]) if lp is not None]
            else:
                options = [(eos_id, 0.0)]
            for t, lp in options:
                expansions.append((seq + [t], score + lp))
        expansions.sort(key=lambda e: (-e[1], e[0]))
        live = []
        for rank, (seq, score) in enumerate(expansions):
            if seq[-1] == eos_id:
                if rank < beam_width:
                    finished.append((seq, score))
            else:
                live.append((seq, score))
                if len(live) == beam_width:
                    break
    finished.extend(live)

    def normalised(item):
        length = len(item[0]) - (1 if item[0] and item[0][-1] == eos_id else 0)
        return item[1] / ((5 + length) / 6) ** alpha

    ranked = sorted(finished, key=lambda item: (-normalised(item), item[0]))[:n_best]
    return {
        "sequences": [seq for seq, _ in ranked],
        "scores": [normalised(item) for item in ranked],
        "raw": [score for _, score in ranked],
    }
