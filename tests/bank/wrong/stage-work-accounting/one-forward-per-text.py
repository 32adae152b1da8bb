# Wrong: runs one forward call per text (no padding at all) but reports forward_calls 1 and the padded numbers of a batch; the host counts the calls.
def stage_work(texts, engine):
    max_length = engine.info("bert-cls")["max_length"]
    names = engine.labels("bert-cls")
    encoded = [engine.tokenize("bert-cls", text, max_length) for text in texts]
    lengths = [len(e["input_ids"]) for e in encoded]
    longest = max(lengths, default=0)
    labels = []
    for e in encoded:
        row = engine.forward("bert-cls", {"input_ids": [e["input_ids"]], "attention_mask": [e["attention_mask"]]})["logits"][0]
        labels.append(names[row.index(max(row))])
    real, padded = sum(lengths), longest * len(texts)
    return {
        "tokenize_calls": len(texts),
        "forward_calls": 1 if texts else 0,
        "real_tokens": real,
        "padded_tokens": padded,
        "padding_ratio": (padded - real) / padded if padded else 0,
        "logits_shape": [len(texts), len(names)],
        "labels": labels,
    }
