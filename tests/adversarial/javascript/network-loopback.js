// expect: AC
const net = require("net");
function tryConnect(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.on("connect", () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => (socket.destroy(), resolve(false)));
  });
}
async function solve(ctx, engine) {
  const reached = [];
  for (const [host, port] of [["127.0.0.1", ctx.port], ["127.0.0.1", 5432], ["localhost", 3000], ["192.0.2.1", 80]]) {
    if (await tryConnect(host, port)) reached.push(`${host}:${port}`);
  }
  return reached.length ? `REACHED ${reached}` : "blocked";
}
