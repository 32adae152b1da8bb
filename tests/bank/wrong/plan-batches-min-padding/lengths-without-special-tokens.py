# Wrong: measures each request by its word pieces without [CLS] and [SEP], though the model is fed (and pads) both.
def plan_batches(texts, max_tokens, engine):
    max_length = engine.info("bert-cls")["max_length"]
    lengths = [len(engine.tokenize("bert-cls", text, max_length)["input_ids"]) - 2 for text in texts]
    order = sorted(range(len(texts)), key=lambda i: (lengths[i], i))
    batches, current = [], []
    for i in order:
        if current and (len(current) + 1) * lengths[i] > max_tokens:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    padding = sum(max(lengths[i] for i in b) * len(b) - sum(lengths[i] for i in b) for b in batches)
    return {"batches": batches, "padding": padding}
