# Ignores eos per row: every row runs for max_new_tokens, so a row that generated eos keeps tokens after it.
def batched_generate(prompts, max_new_tokens, engine):
    info = engine.info("gpt")
    pad = info["pad_id"]
    seqs = [engine.tokenize("gpt", p)["input_ids"] for p in prompts]
    results = [[] for _ in prompts]
    if max_new_tokens <= 0:
        return results
    width = max(len(s) for s in seqs)
    ids = [[pad] * (width - len(s)) + s for s in seqs]
    mask = [[0] * (width - len(s)) + [1] * len(s) for s in seqs]
    out = engine.forward("gpt", {"input_ids": ids, "attention_mask": mask, "past": None})
    for step in range(max_new_tokens):
        feed = []
        for r, logits in enumerate(out["logits"]):
            token = max(range(len(logits)), key=logits.__getitem__)
            results[r].append(token)
            feed.append([token])
        if step + 1 == max_new_tokens:
            break
        out = engine.forward("gpt", {"input_ids": feed, "attention_mask": [[1] for _ in feed], "past": out["past"]})
    return results
