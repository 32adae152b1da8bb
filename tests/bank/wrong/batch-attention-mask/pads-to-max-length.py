# Wrong: pads every sequence to max_length instead of to the longest sequence of the batch.
def pad_batch(texts, max_length, engine):
    input_ids, attention_mask = [], []
    for text in texts:
        ids = engine.tokenize("bert", text, max_length)["input_ids"]
        pad = max_length - len(ids)
        input_ids.append(list(ids) + [0] * pad)
        attention_mask.append([1] * len(ids) + [0] * pad)
    return {"input_ids": input_ids, "attention_mask": attention_mask}
