// expect: OLE|RE
async function solve(ctx, engine) {
  return engine.tokenize("word2vec", "a ".repeat(5 * 1024 * 1024));
}
