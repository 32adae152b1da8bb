// expect: RE
function solve(ctx, engine) {
  setTimeout(() => {
    throw new Error("thrown from a timer");
  }, 10);
  return new Promise(() => {});
}
