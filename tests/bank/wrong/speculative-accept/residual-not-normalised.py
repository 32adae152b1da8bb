# Wrong: the inverse CDF walks the raw residual max(0, p - q) without dividing by its sum.
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
        if u_accept[i] < min(1.0, p[i][x] / q[i][x]):
            out.append(x)
            continue
        out.append(draw([max(0.0, a - b) for a, b in zip(p[i], q[i])], u_sample))
        return {"tokens": out, "accepted": i}
    out.append(draw(p[len(draft_tokens)], u_sample))
    return {"tokens": out, "accepted": len(draft_tokens)}
