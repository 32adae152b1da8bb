# expect: AC
# KV-cache handles cannot be forged, guessed, mixed across models or abused to make the host compute or hold
# too much: every attempt is an EngineError in the program, and the program keeps running.
def solve(ctx, engine):
    accepted = []
    real = engine.forward("gpt", {"input_ids": [[1, 2, 3]], "past": None})["past"]
    draft = engine.forward("gpt-draft", {"input_ids": [[1, 2, 3]], "past": None})["past"]
    number = int(real.split(":")[1])
    bad = [
        {"input_ids": [[4]], "past": "kv:%d:000000000000" % number},          # right counter, guessed random part
        {"input_ids": [[4]], "past": "kv:%d:%s" % (number + 1, real.split(":")[2])},  # next counter, same random part
        {"input_ids": [[4]], "past": real + " "},
        {"input_ids": [[4]], "past": "kv:" + "9" * 5000},
        {"input_ids": [[4]], "past": {"bytes": 1, "model": "gpt"}},             # a cache-shaped object
        {"input_ids": [[4]], "past": draft},                                   # another model's cache
        {"input_ids": [[4], [5]], "past": real},                               # more rows than cached
        {"input_ids": [[4]], "past": real, "past_rows": [7]},
        {"input_ids": [[4]], "past": real, "position_ids": [[999]]},
        {"input_ids": [[1] * 250] * 40},                                       # 40 x 250 x vocab logits
        {"input_ids": [[1] * 60] * 8, "all_logits": True},                     # too many logits returned
    ]
    for inputs in bad:
        try:
            engine.forward("gpt", inputs)
            accepted.append(str(inputs)[:60])
        except EngineError:
            pass
    for ids in ([-1], [10 ** 9], "text", [[1]]):
        try:
            engine.decode("gpt", ids)
            accepted.append("decode %r" % (ids,))
        except EngineError:
            pass
    # The real handle still works after all that.
    engine.forward("gpt", {"input_ids": [[4]], "past": real})
    return "blocked" if not accepted else "ACCEPTED %s" % accepted
