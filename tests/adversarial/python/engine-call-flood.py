# expect: RE|TLE
def solve(ctx, engine):
    for _ in range(100000):
        try:
            engine.info("word2vec")
        except EngineError:
            pass
    return "blocked"
