# Holds back a possible start of the first stop string only, so a chunk can carry the start of another stop string.
def stream_generate(prompt, max_new_tokens, stop, engine):
    chunks, generated, emitted = [], [], 0
    if max_new_tokens <= 0:
        return {"text": "", "chunks": [], "finish_reason": "length"}
    eos = engine.info("gpt")["eos_id"]
    ids = engine.tokenize("gpt", prompt)["input_ids"]
    out = engine.forward("gpt", {"input_ids": [ids], "past": None})
    finish = "length"
    while True:
        logits = out["logits"][0]
        token = max(range(len(logits)), key=logits.__getitem__)
        if token == eos:
            finish = "eos"
            break
        generated.append(token)
        text = engine.decode("gpt", generated)
        cuts = [text.find(s) for s in stop if s in text]
        if cuts:
            final = text[:min(cuts)]
            if len(final) > emitted:
                chunks.append(final[emitted:])
            return {"text": final, "chunks": chunks, "finish_reason": "stop"}
        if text.endswith("\ufffd"):
            safe = emitted
        else:
            held = 0
            for s in stop[:1]:
                for k in range(min(len(s) - 1, len(text)), held, -1):
                    if text.endswith(s[:k]):
                        held = k
                        break
            safe = len(text) - held
        if safe > emitted:
            chunks.append(text[emitted:safe])
            emitted = safe
        if len(generated) == max_new_tokens:
            break
        out = engine.forward("gpt", {"input_ids": [[token]], "past": out["past"]})
    text = engine.decode("gpt", generated) if generated else ""
    if len(text) > emitted:
        chunks.append(text[emitted:])
    return {"text": text, "chunks": chunks, "finish_reason": finish}
