import math


def text_classification(text, label, engine):
    encoded = engine.tokenize("bert-cls", text)
    logits = engine.forward(
        "bert-cls", {"input_ids": [encoded["input_ids"]], "attention_mask": [encoded["attention_mask"]]}
    )["logits"][0]
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    probs = [e / sum(exps) for e in exps]
    names = engine.labels("bert-cls")
    # Bug: takes the least likely class and the loss against the wrong class index.
    worst = min(range(len(probs)), key=lambda i: probs[i])
    return {"label": names[worst], "probs": probs, "loss": -math.log(probs[(label + 1) % len(probs)])}
