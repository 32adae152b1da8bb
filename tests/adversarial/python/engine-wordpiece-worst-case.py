# expect: AC
# Long words made of rare pieces were the WordPiece worst case (cubic per word, ~1.4 s of the worker's event loop
# per call, so five calls ran out the 2 s per test). Five such calls now finish quickly, same pieces as before.
def solve(ctx, engine):
    text = " ".join(["qz" * 49 + "x"] * 200)
    for _ in range(5):
        out = engine.tokenize("bert", text)
    return "blocked" if len(out["input_ids"]) > 2 else "broken"
