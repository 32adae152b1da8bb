# Stops at eos but leaves it out of the result (the statement says eos is included).
def greedy_decode(prompt, max_new_tokens, engine):
    if max_new_tokens <= 0:
        return []
    eos = engine.info("gpt")["eos_id"]
    ids = engine.tokenize("gpt", prompt)["input_ids"]
    out = engine.forward("gpt", {"input_ids": [ids], "past": None})
    generated = []
    while True:
        logits = out["logits"][0]
        next_id = max(range(len(logits)), key=logits.__getitem__)
        if next_id == eos:
            return generated
        generated.append(next_id)
        if len(generated) == max_new_tokens:
            return generated
        out = engine.forward("gpt", {"input_ids": [[next_id]], "past": out["past"]})
