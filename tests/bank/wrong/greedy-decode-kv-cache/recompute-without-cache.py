# Recomputes the whole sequence (prompt + generated) at every step instead of using the KV cache: right ids, but the work bound fails.
def greedy_decode(prompt, max_new_tokens, engine):
    if max_new_tokens <= 0:
        return []
    eos = engine.info("gpt")["eos_id"]
    ids = engine.tokenize("gpt", prompt)["input_ids"]
    generated = []
    while len(generated) < max_new_tokens:
        logits = engine.forward("gpt", {"input_ids": [ids + generated], "past": None})["logits"][0]
        next_id = max(range(len(logits)), key=logits.__getitem__)
        generated.append(next_id)
        if next_id == eos:
            break
    return generated
