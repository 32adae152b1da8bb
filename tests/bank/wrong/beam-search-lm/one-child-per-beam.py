# After the first step every beam keeps only its own best continuation: beam_width parallel greedy paths, not a beam search.
import heapq
import math


def log_softmax(logits):
    top = max(logits)
    log_total = math.log(sum(math.exp(z - top) for z in logits))
    return [z - top - log_total for z in logits]


def beam_search_lm(prompt, beam_width, max_new_tokens, alpha, engine):
    eos = engine.info("gpt")["eos_id"]
    ids = engine.tokenize("gpt", prompt)["input_ids"]
    active, finished = [([], 0.0)], []
    for _ in range(max_new_tokens):
        if not active:
            break
        out = engine.forward("gpt", {"input_ids": [ids + seq for seq, _ in active], "past": None})
        candidates = []
        for (seq, score), logits in zip(active, out["logits"]):
            lp = log_softmax(logits)
            # A candidate contributes at most beam_width extensions to the global first beam_width.
            best = heapq.nsmallest(1 if seq else beam_width, range(len(lp)), key=lambda v: (-(score + lp[v]), v))
            candidates.extend((seq + [v], score + lp[v]) for v in best)
        candidates.sort(key=lambda c: (-c[1], c[0]))
        active = []
        for seq, score in candidates[:beam_width]:
            (finished if seq[-1] == eos else active).append((seq, score))
    pool = finished + active
    if not pool or not pool[0][0]:
        return {"ids": [], "score": 0.0}
    best = min(pool, key=lambda c: (-(c[1] / len(c[0]) ** alpha), c[0]))
    return {"ids": best[0], "score": best[1]}
