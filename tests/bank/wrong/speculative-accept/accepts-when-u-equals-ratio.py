# Wrong: accepts when u <= p/q instead of u < p/q, so u exactly equal to the ratio (or p = 0 with u = 0) is accepted.
def speculative_accept(draft_tokens, q, p, u_accept, u_sample, engine):
    def draw(weights, u):
        c = 0.0
        for j, w in enumerate(weights):
            c += w
            if u < c:
                return j
        return max(j for j, w in enumerate(weights) if w > 0)

    out = []
    for i, x in enumerate(draft_tokens):
        if u_accept[i] <= min(1.0, p[i][x] / q[i][x]):
            out.append(x)
        else:
            r = [max(0.0, a - b) for a, b in zip(p[i], q[i])]
            s = sum(r)
            out.append(draw([v / s for v in r], u_sample))
            return {"tokens": out, "accepted": i}
    out.append(draw(p[len(draft_tokens)], u_sample))
    return {"tokens": out, "accepted": len(draft_tokens)}
