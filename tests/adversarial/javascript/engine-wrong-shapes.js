// expect: AC
async function solve(ctx, engine) {
  const accepted = [];
  const bad = [
    () => engine.forward("word2vec", { input_ids: "nope" }),
    () => engine.forward("word2vec", { input_ids: [[1e12]] }),
    () => engine.forward("word2vec", { input_ids: [[[[[[1]]]]]] }),
    () => engine.forward("gpt-5", { input_ids: [[1]] }),
    () => engine.tokenize("word2vec", { text: "object" }),
    () => engine.labels("word2vec"),
  ];
  for (const [i, call] of bad.entries()) {
    try {
      await call();
      accepted.push(i);
    } catch (error) {
      if (!(error instanceof EngineError)) accepted.push(`${i}:${error && error.name}`);
    }
  }
  return accepted.length ? `ACCEPTED ${accepted}` : "blocked";
}
