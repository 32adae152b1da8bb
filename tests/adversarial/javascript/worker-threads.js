// expect: RE|TLE|MLE
const { Worker } = require("worker_threads");
async function solve(ctx, engine) {
  const workers = [];
  for (;;) {
    workers.push(new Worker("for (;;) {}", { eval: true }));
    await new Promise((r) => setImmediate(r));
  }
}
