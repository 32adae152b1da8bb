// expect: MLE
// One 4 GiB buffer, touched so the pages are real (an untouched ArrayBuffer is only address space).
function solve(ctx, engine) {
  const block = new Uint8Array(new ArrayBuffer(4 * 1024 ** 3));
  block.fill(1);
  return block.length;
}
