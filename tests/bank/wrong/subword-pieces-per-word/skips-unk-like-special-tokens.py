# Wrong: skips [UNK] like [CLS] and [SEP] (it only counts it), although [UNK] stands for a word of the text.
def pieces_per_word(text, engine):
    max_length = engine.info("bert")["max_length"]
    tokens = engine.tokenize("bert", text, max_length)["tokens"]
    words, counts, unk = [], [], 0
    for token in tokens:
        if token == "[UNK]":
            unk += 1
            continue
        if token in ("[CLS]", "[SEP]"):
            continue
        if token.startswith("##") and words:
            words[-1] += token[2:]
            counts[-1] += 1
        else:
            words.append(token)
            counts.append(1)
    return {"words": words, "pieces_per_word": counts, "unk_count": unk}
