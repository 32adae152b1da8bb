# Wrong: tokenizes without max_length and slices the ids afterwards, which cuts off [SEP] instead of truncating the content before it.
def pad_batch(texts, max_length, engine):
    encoded = [engine.tokenize("bert", text)["input_ids"][:max_length] for text in texts]
    longest = max((len(ids) for ids in encoded), default=0)
    return {
        "input_ids": [ids + [0] * (longest - len(ids)) for ids in encoded],
        "attention_mask": [[1] * len(ids) + [0] * (longest - len(ids)) for ids in encoded],
    }
