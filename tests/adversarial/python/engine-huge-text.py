# expect: OLE|RE
def solve(ctx, engine):
    return engine.tokenize("word2vec", "a " * (5 * 1024 * 1024))
