# Pads on the right: a short row's "last position" is padding, so its first token is read from the wrong logits.
def batched_generate(prompts, max_new_tokens, engine):
    info = engine.info("gpt")
    eos, pad = info["eos_id"], info["pad_id"]
    seqs = [engine.tokenize("gpt", p)["input_ids"] for p in prompts]
    results = [[] for _ in prompts]
    if max_new_tokens <= 0:
        return results
    width = max(len(s) for s in seqs)
    ids = [s + [pad] * (width - len(s)) for s in seqs]
    mask = [[1] * len(s) + [0] * (width - len(s)) for s in seqs]
    out = engine.forward("gpt", {"input_ids": ids, "attention_mask": mask, "past": None})
    done = [False] * len(prompts)
    while True:
        feed = []
        for r, logits in enumerate(out["logits"]):
            if done[r]:
                feed.append(pad)
                continue
            token = max(range(len(logits)), key=logits.__getitem__)
            results[r].append(token)
            done[r] = token == eos or len(results[r]) == max_new_tokens
            feed.append(pad if done[r] else token)
        if all(done):
            return results
        step_mask = [[0] if d else [1] for d in done]
        out = engine.forward("gpt", {"input_ids": [[t] for t in feed], "attention_mask": step_mask, "past": out["past"]})
