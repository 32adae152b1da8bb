# Wrong: packs requests in arrival order without sorting by length, so long and short ones share batches.
def plan_batches(texts, max_tokens, engine):
    max_length = engine.info("bert-cls")["max_length"]
    lengths = [len(engine.tokenize("bert-cls", text, max_length)["input_ids"]) for text in texts]
    batches, current, longest = [], [], 0
    for i, length in enumerate(lengths):
        if current and (len(current) + 1) * max(longest, length) > max_tokens:
            batches.append(current)
            current, longest = [], 0
        current.append(i)
        longest = max(longest, length)
    if current:
        batches.append(current)
    padding = sum(max(lengths[i] for i in b) * len(b) - sum(lengths[i] for i in b) for b in batches)
    return {"batches": batches, "padding": padding}
