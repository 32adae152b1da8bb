# expect: AC
# U+FDFA is one character that NFKC turns into 18: 20,000 of them passed the old length check and cost the
# worker's event loop 0.6 s and a 300,000-entry oov list. Now refused before any tokenizer runs.
def solve(ctx, engine):
    try:
        engine.tokenize("word2vec", "\ufdfa" * 20000)
    except Exception as error:
        return "blocked" if "normalisation" in str(error) else "wrong error: %s" % error
    return "ACCEPTED"
