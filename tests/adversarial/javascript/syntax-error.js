// expect: CE
function solve(ctx, engine) {
  return "blocked"
