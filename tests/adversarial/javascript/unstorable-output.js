// expect: WA
// NUL characters and lone surrogates in output, errors and values made the verdict transaction fail (IE after
// retries). They are stored escaped; the wrong answer is an ordinary WA.
function solve(ctx, engine) {
  process.stdout.write("nul:\u0000 surrogate:\ud800\n");
  return "blocked\u0000\udc00";
}
