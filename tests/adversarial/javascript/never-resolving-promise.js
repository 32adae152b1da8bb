// expect: TLE
function solve(ctx, engine) {
  return new Promise(() => {});
}
