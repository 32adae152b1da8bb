# Decodes each prompt on its own (right ids, no padding needed) instead of in one batch: too many forward calls.
def batched_generate(prompts, max_new_tokens, engine):
    eos = engine.info("gpt")["eos_id"]
    results = []
    for prompt in prompts:
        generated = []
        if max_new_tokens > 0:
            ids = engine.tokenize("gpt", prompt)["input_ids"]
            out = engine.forward("gpt", {"input_ids": [ids], "past": None})
            while True:
                logits = out["logits"][0]
                token = max(range(len(logits)), key=logits.__getitem__)
                generated.append(token)
                if token == eos or len(generated) == max_new_tokens:
                    break
                out = engine.forward("gpt", {"input_ids": [[token]], "past": out["past"]})
        results.append(generated)
    return results
