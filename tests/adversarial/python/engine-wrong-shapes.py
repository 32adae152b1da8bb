# expect: AC
# Bad requests become EngineError inside the program; the worker keeps running.
def solve(ctx, engine):
    accepted = []
    bad = [
        ("forward", ("word2vec", {"input_ids": "not a list"})),
        ("forward", ("word2vec", {"input_ids": [[10**12]]})),
        ("forward", ("word2vec", {"input_ids": [[[[[[1]]]]]]})),
        ("forward", ("no-such-model", {"input_ids": [[1]]})),
        ("forward", ("word2vec", [1, 2, 3])),
        ("tokenize", ("word2vec", 12345)),
        ("labels", ("word2vec",)),
        ("info", ("",)),
    ]
    for method, args in bad:
        try:
            getattr(engine, method)(*args)
            accepted.append(method)
        except EngineError:
            pass
    return "blocked" if not accepted else "ACCEPTED %s" % accepted
