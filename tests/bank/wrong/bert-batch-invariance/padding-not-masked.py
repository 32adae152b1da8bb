# Mistake: pads the ids but sends an all-ones attention mask, so real tokens attend to the [PAD] tokens.
def _argmax(values):
    best = 0
    for i, v in enumerate(values):
        if v > values[best]:
            best = i
    return best


def batch_invariance(texts, padding_side, engine):
    if not texts:
        return {"labels": [], "batch_labels": [], "max_diff": 0.0}
    max_length = engine.info("bert-cls")["max_length"]
    encoded = [engine.tokenize("bert-cls", t, max_length) for t in texts]
    single = []
    for enc in encoded:
        out = engine.forward("bert-cls", {"input_ids": [enc["input_ids"]], "attention_mask": [enc["attention_mask"]]})
        single.append(out["logits"][0])
    width = max(len(enc["input_ids"]) for enc in encoded)
    ids, mask = [], []
    for enc in encoded:
        pad = width - len(enc["input_ids"])
        if padding_side == "left":
            ids.append([0] * pad + enc["input_ids"])
            mask.append([1] * width)
        else:
            ids.append(enc["input_ids"] + [0] * pad)
            mask.append([1] * width)
    batched = engine.forward("bert-cls", {"input_ids": ids, "attention_mask": mask})["logits"]
    diff = max(abs(a - b) for s, b_row in zip(single, batched) for a, b in zip(s, b_row))
    return {
        "labels": [_argmax(s) for s in single],
        "batch_labels": [_argmax(b) for b in batched],
        "max_diff": diff,
    }
