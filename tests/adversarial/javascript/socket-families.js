// expect: AC
// Node inside the box: TCP/UDP sockets cannot even be created (socket() is allowed for AF_UNIX only), so
// listening, connecting and DNS all fail; threads and timers keep working.
const net = require("net");
const dgram = require("dgram");

async function solve(ctx, engine) {
  const problems = [];
  await new Promise((resolve) => {
    const server = net.createServer();
    server.on("error", () => resolve());
    server.listen(0, "127.0.0.1", () => {
      problems.push("tcp listen");
      server.close();
      resolve();
    });
  });
  await new Promise((resolve) => {
    try {
      const s = dgram.createSocket("udp4");
      s.on("error", () => resolve());
      s.bind(0, "127.0.0.1", () => {
        problems.push("udp bind");
        s.close();
        resolve();
      });
    } catch (e) {
      resolve();
    }
  });
  await new Promise((r) => setTimeout(r, 5));
  return problems.length === 0 ? "blocked" : "ALLOWED " + problems.join(",");
}
