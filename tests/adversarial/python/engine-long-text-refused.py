# expect: AC
# Text over the per-call limit (but within the frame cap) raises EngineError inside user code.
def solve(ctx, engine):
    try:
        engine.tokenize("word2vec", "word " * 100000)
    except EngineError as error:
        return "blocked" if "exceeds" in str(error) else "unexpected message: %s" % error
    return "accepted a 500k-character text"
