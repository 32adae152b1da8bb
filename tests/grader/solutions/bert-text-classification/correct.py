import math


def text_classification(text, label, engine):
    encoded = engine.tokenize("bert-cls", text)
    logits = engine.forward(
        "bert-cls", {"input_ids": [encoded["input_ids"]], "attention_mask": [encoded["attention_mask"]]}
    )["logits"][0]
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    total = sum(exps)
    probs = [e / total for e in exps]
    loss = (top + math.log(total)) - logits[label]  # cross-entropy = logsumexp(logits) - logits[label]
    names = engine.labels("bert-cls")
    best = max(range(len(probs)), key=lambda i: probs[i])
    return {"label": names[best], "probs": probs, "loss": loss}
