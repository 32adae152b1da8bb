import numpy as np


def llm_inference(text, engine):
    ids = engine.tokenize("word2vec", text)["input_ids"]
    if len(ids) == 0:
        return np.zeros(engine.info("word2vec")["dim"])
    vectors = np.array(engine.forward("word2vec", {"input_ids": [ids]})["vectors"][0])
    mean = vectors.mean(axis=0)
    return mean / np.linalg.norm(mean)
