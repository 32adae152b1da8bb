// expect: RE
function dive(n) {
  return dive(n + 1) + 1;
}
function solve(ctx, engine) {
  return dive(0);
}
