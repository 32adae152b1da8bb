// expect: MLE
function solve(ctx, engine) {
  const hoard = [];
  for (;;) hoard.push(new Array(1 << 16).fill(Math.random()));
}
