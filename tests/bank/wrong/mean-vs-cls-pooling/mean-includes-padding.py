# Wrong: mean pooling averages over every position of the padded batch, padding included.
def pool_sentences(texts, method, engine):
    if not texts:
        return []
    max_length = engine.info("bert")["max_length"]
    encoded = [engine.tokenize("bert", text, max_length) for text in texts]
    longest = max(len(e["input_ids"]) for e in encoded)
    ids = [list(e["input_ids"]) + [0] * (longest - len(e["input_ids"])) for e in encoded]
    mask = [[1] * len(e["input_ids"]) + [0] * (longest - len(e["input_ids"])) for e in encoded]
    hidden = engine.forward("bert", {"input_ids": ids, "attention_mask": mask})["last_hidden_state"]
    if method == "cls":
        return [list(states[0]) for states in hidden]
    return [[sum(state[k] for state in states) / len(states) for k in range(len(states[0]))] for states in hidden]
