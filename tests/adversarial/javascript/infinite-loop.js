// expect: TLE
function solve(ctx, engine) {
  for (;;) {}
}
