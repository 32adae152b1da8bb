// expect: OLE
function solve(ctx, engine) {
  const line = "spam ".repeat(200);
  for (;;) console.log(line);
}
