# Wrong: reads the number of classes off the logits, so an empty batch (no forward call) reports logits_shape [0, 0] instead of [0, classes].
def stage_work(texts, engine):
    max_length = engine.info("bert-cls")["max_length"]
    encoded = [engine.tokenize("bert-cls", text, max_length) for text in texts]
    lengths = [len(e["input_ids"]) for e in encoded]
    longest = max(lengths, default=0)
    real, padded = sum(lengths), longest * len(texts)
    labels, logits = [], []
    if texts:
        names = engine.labels("bert-cls")
        ids = [list(e["input_ids"]) + [0] * (longest - n) for e, n in zip(encoded, lengths)]
        mask = [[1] * n + [0] * (longest - n) for n in lengths]
        logits = engine.forward("bert-cls", {"input_ids": ids, "attention_mask": mask})["logits"]
        labels = [names[row.index(max(row))] for row in logits]
    return {
        "tokenize_calls": len(texts),
        "forward_calls": 1 if texts else 0,
        "real_tokens": real,
        "padded_tokens": padded,
        "padding_ratio": (padded - real) / padded if padded else 0,
        "logits_shape": [len(logits), len(logits[0]) if logits else 0],
        "labels": labels,
    }
