// expect: RE|TLE
async function solve(ctx, engine) {
  const calls = [];
  for (let i = 0; i < 100000; i++) calls.push(engine.info("word2vec").catch(() => null));
  await Promise.all(calls);
  return "blocked";
}
