# Wrong: returns the mean vector (chunked correctly) without L2-normalising it.
def llm_inference(text, engine):
    ids = engine.tokenize("word2vec", text)["input_ids"]
    info = engine.info("word2vec")
    dim = info["dim"]
    if not ids:
        return [0.0] * dim
    total = [0.0] * dim
    for start in range(0, len(ids), info["max_length"]):
        for v in engine.forward("word2vec", {"input_ids": [ids[start:start + info["max_length"]]]})["vectors"][0]:
            for k in range(dim):
                total[k] += v[k]
    return [x / len(ids) for x in total]
