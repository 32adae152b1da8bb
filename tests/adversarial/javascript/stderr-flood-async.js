// expect: OLE
async function solve(ctx, engine) {
  for (;;) {
    process.stderr.write("E".repeat(65536));
    await new Promise((r) => setImmediate(r));
  }
}
