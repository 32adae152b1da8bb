# Wrong: averages only the content tokens, leaving out [CLS] and [SEP] although their mask is 1.
def pool_sentences(texts, method, engine):
    if not texts:
        return []
    max_length = engine.info("bert")["max_length"]
    encoded = [engine.tokenize("bert", text, max_length) for text in texts]
    longest = max(len(e["input_ids"]) for e in encoded)
    ids = [list(e["input_ids"]) + [0] * (longest - len(e["input_ids"])) for e in encoded]
    mask = [[1] * len(e["input_ids"]) + [0] * (longest - len(e["input_ids"])) for e in encoded]
    hidden = engine.forward("bert", {"input_ids": ids, "attention_mask": mask})["last_hidden_state"]
    vectors = []
    for states, e in zip(hidden, encoded):
        if method == "cls":
            vectors.append(list(states[0]))
            continue
        n = len(e["input_ids"])
        inner = states[1:n - 1] or states[:n]
        vectors.append([sum(s[k] for s in inner) / len(inner) for k in range(len(states[0]))])
    return vectors
