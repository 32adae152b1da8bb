// expect: RE
function solve(ctx, engine) {
  process.exit(0);
}
