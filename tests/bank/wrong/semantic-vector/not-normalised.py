# Wrong: returns the mean vector without L2-normalising it.
def llm_inference(text, engine):
    ids = engine.tokenize("word2vec", text)["input_ids"]
    dim = engine.info("word2vec")["dim"]
    if not ids:
        return [0.0] * dim
    vectors = engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0]
    return [sum(v[k] for v in vectors) / len(vectors) for k in range(dim)]
