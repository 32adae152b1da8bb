// expect: TLE
function solve(ctx, engine) {
  const end = Date.now() + 3_600_000;
  while (Date.now() < end) {}
  return "blocked";
}
