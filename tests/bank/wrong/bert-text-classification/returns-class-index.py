# Wrong: returns the index of the predicted class instead of its name from engine.labels.
import math


def text_classification(text, label, engine):
    max_length = engine.info("bert-cls")["max_length"]
    enc = engine.tokenize("bert-cls", text, max_length)
    logits = engine.forward("bert-cls", {"input_ids": [enc["input_ids"]], "attention_mask": [enc["attention_mask"]]})["logits"][0]
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    total = sum(exps)
    return {"label": logits.index(top), "probs": [e / total for e in exps], "loss": top + math.log(total) - logits[label]}
