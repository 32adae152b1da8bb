// expect: TLE
async function solve(ctx, engine) {
  await new Promise((resolve) => setTimeout(resolve, 2_000_000_000));
  return "blocked";
}
