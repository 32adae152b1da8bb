# Proposes k tokens even when fewer are left and cuts the output afterwards, so proposed (and accepted) overcount in the last round.
def speculative_decode(prompt, max_new_tokens, k, engine):
    eos = engine.info("gpt")["eos_id"]
    ids = engine.tokenize("gpt", prompt)["input_ids"]
    out, accepted, proposed = [], 0, 0
    if max_new_tokens <= 0:
        return {"ids": out, "accepted": 0, "proposed": 0}

    def argmax(row):
        return max(range(len(row)), key=row.__getitem__)

    # Per model: the cache handle, the mask of the positions it holds, the context tokens not fed yet.
    target = {"model": "gpt", "past": None, "mask": [], "pending": list(ids)}
    draft = {"model": "gpt-draft", "past": None, "mask": [], "pending": list(ids)}

    def feed(state, tokens, all_logits=False):
        mask = state["mask"] + [1] * len(tokens)
        result = engine.forward(state["model"], {"input_ids": [tokens], "attention_mask": [mask],
                                                 "past": state["past"], "all_logits": all_logits})
        state["past"], state["mask"] = result["past"], mask
        return result["logits"][0]

    def reject_last(state, n):
        # Mask out the last n positions of the cache: rejected proposals are never attended again.
        if n > 0:
            state["mask"] = state["mask"][:-n] + [0] * n

    if len(ids) > 1:  # prefill the target without the last prompt token: no logits for the whole prompt
        feed(target, ids[:-1])
        target["pending"] = ids[-1:]

    while len(out) < max_new_tokens and not (out and out[-1] == eos):
        m = k
        proposals = [argmax(feed(draft, draft["pending"]))]
        while len(proposals) < m:
            proposals.append(argmax(feed(draft, [proposals[-1]])))
        proposed += m
        p = len(target["pending"])
        rows = feed(target, target["pending"] + proposals, all_logits=True)
        j, next_token = 0, None
        for i in range(m):
            t = argmax(rows[p - 1 + i])
            if t != proposals[i]:
                next_token = t
                break
            j += 1
            out.append(t)
            if t == eos:
                break
        else:
            if len(out) < max_new_tokens:
                next_token = argmax(rows[p - 1 + m])
        accepted += j
        reject_last(target, m - j)
        reject_last(draft, (m - 1) - min(j, m - 1))  # the draft fed d_1 … d_{m-1}
        tail = [next_token] if next_token is not None else []
        out.extend(tail)
        target["pending"] = tail
        draft["pending"] = (proposals[-1:] if j == m else []) + tail
    return {"ids": out[:max_new_tokens], "accepted": accepted, "proposed": proposed}
