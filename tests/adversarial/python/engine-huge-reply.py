# expect: AC
# One forward of 64 rows × 512 word2vec ids would reply with 3.3 M numbers (66 MB of JSON encoded on the worker's
# event loop). Refused with a message; a small call still works afterwards.
def solve(ctx, engine):
    ids = [[(i % 500) + 5 for i in range(512)] for _ in range(64)]
    try:
        engine.forward("word2vec", {"input_ids": ids})
        return "ACCEPTED"
    except Exception as error:
        if "numbers" not in str(error):
            return "wrong error: %s" % error
    out = engine.forward("word2vec", {"input_ids": [[5, 6]]})
    return "blocked" if len(out["vectors"][0]) == 2 else "broken"
