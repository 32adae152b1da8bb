// expect: OLE
function solve(ctx, engine) {
  return "x".repeat(10 * 1024 * 1024);
}
