# Wrong: returns log(probs[label]), the log-likelihood, instead of the cross-entropy -log(probs[label]).
import math


def text_classification(text, label, engine):
    max_length = engine.info("bert-cls")["max_length"]
    enc = engine.tokenize("bert-cls", text, max_length)
    logits = engine.forward("bert-cls", {"input_ids": [enc["input_ids"]], "attention_mask": [enc["attention_mask"]]})["logits"][0]
    names = engine.labels("bert-cls")
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    probs = [e / sum(exps) for e in exps]
    return {"label": names[logits.index(top)], "probs": probs, "loss": math.log(probs[label])}
