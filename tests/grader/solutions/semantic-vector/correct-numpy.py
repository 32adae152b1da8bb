import numpy as np


def llm_inference(text, engine):
    ids = engine.tokenize("word2vec", text)["input_ids"]
    info = engine.info("word2vec")
    if len(ids) == 0:
        return np.zeros(info["dim"])
    # One forward row takes at most max_length ids: chunk long texts, average over every word.
    chunk = info["max_length"]
    vectors = np.concatenate([
        np.array(engine.forward("word2vec", {"input_ids": [ids[s:s + chunk]]})["vectors"][0]) for s in range(0, len(ids), chunk)
    ])
    mean = vectors.mean(axis=0)
    return mean / np.linalg.norm(mean)
