// expect: RE|TLE|MLE
// 100k pending promises and frames may exhaust the box memory before the host stops the flood.
async function solve(ctx, engine) {
  const calls = [];
  for (let i = 0; i < 100000; i++) calls.push(engine.info("word2vec").catch(() => null));
  await Promise.all(calls);
  return "blocked";
}
