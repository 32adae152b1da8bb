// expect: MLE
// Off-heap memory (Buffers) is not bounded by V8's heap flag: only the cgroup stops it.
function solve(ctx, engine) {
  const hoard = [];
  for (;;) hoard.push(Buffer.alloc(16 << 20, 1));
}
