// expect: TLE
// Queues a thousand engine calls and then never lets the harness read a reply (a synchronous spin). The host
// stops working for it once the channel's buffer is full (backpressure) and the test times out; the worker's
// memory and the other submissions are unaffected.
function solve(ctx, engine) {
  const ids = Array.from({ length: 512 }, (_, i) => 5 + (i % 400));
  for (let i = 0; i < 1000; i++) engine.forward("word2vec", { input_ids: [ids, ids, ids, ids] }).catch(() => {});
  for (;;) {}
}
