# Wrong: takes the words from text.split() and counts each one's pieces, but BERT also splits off punctuation and every Chinese character as words of their own.
def pieces_per_word(text, engine):
    max_length = engine.info("bert")["max_length"]
    words, counts, unk = [], [], 0
    budget = max_length - 2
    for word in text.split():
        tokens = engine.tokenize("bert", word, max_length)["tokens"][1:-1][:budget]
        if not tokens:
            continue
        budget -= len(tokens)
        unk += tokens.count("[UNK]")
        words.append("".join(t[2:] if t.startswith("##") else t for t in tokens))
        counts.append(len(tokens))
    return {"words": words, "pieces_per_word": counts, "unk_count": unk}
